/// A fixed-size set of node indexes (bits in 64-bit words), used for ancestor sets.
struct NodeSet: Sendable, Hashable {
    private(set) var words: [UInt64]

    init(capacity: Int) {
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    func contains(_ index: Int) -> Bool {
        words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    mutating func insert(_ index: Int) {
        words[index >> 6] |= 1 << UInt64(index & 63)
    }

    mutating func formUnion(_ other: NodeSet) {
        for i in words.indices { words[i] |= other.words[i] }
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Calls `body` with every member not in `other`, in increasing order.
    func forEach(subtracting other: NodeSet, _ body: (Int) -> Void) {
        for (w, word) in words.enumerated() {
            var bits = word & ~other.words[w]
            while bits != 0 {
                body(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }

    /// Calls `body` with every member, in increasing order.
    func forEach(_ body: (Int) -> Void) {
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                body(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }
}

extension NodeSet {
    func intersection(_ other: NodeSet) -> NodeSet {
        var result = self
        result.formIntersection(other)
        return result
    }

    mutating func formIntersection(_ other: NodeSet) {
        for i in words.indices { words[i] &= other.words[i] }
    }
}
