/// The candidate change commits grouped by which tested revisions are their descendants (their
/// class: under a change commit, the runs' likelihood depends on it only through that set), with,
/// per culprit, how many of its proper descendants fall in each class (the change commit's prior
/// is uniform over them).
///
/// Kept between records: the classes change only when a revision is tested for the first time,
/// and then each class splits in two (its members that are the new revision's ancestors and the
/// others). Only the smaller part of a split class is counted, with bit-sliced counters over its
/// members' ancestor sets (about `|part| · n / 32` word operations, not `n²` bit visits); the
/// larger part's counts are the class's minus the smaller's. ``recounted(for:in:)`` makes the same
/// classes from every ancestor set (the tests and `culprit bench engine` compare both).
struct DriftClasses: Sendable {
    /// Tested revisions the classes are made for, ascending.
    private(set) var tested: [Int] = []
    /// Per node, its class; classes are numbered in the order of their first member.
    private(set) var classOf: [Int] = []
    /// Per class, its first member (its representative).
    private(set) var first: [Int] = []
    /// Per class, per culprit: how many of the culprit's proper descendants are in the class.
    private var columns: [[Int32]] = []
    /// The same counts per culprit, class-minor (`c · count + class`), as the mixture reads them.
    private(set) var counts: [Double] = []

    /// Number of classes.
    var count: Int { first.count }

    /// The classes for `tested` on `dag`: refined from these when they were made for a subset of
    /// `tested` on a graph of the same size, else made anew from the single class of all nodes.
    func updated(for tested: [Int], in dag: CommitDAG) -> DriftClasses {
        if tested == self.tested && classOf.count == dag.count { return self }
        var result = self
        let known = Set(self.tested)
        var fresh = tested.filter { !known.contains($0) }
        if classOf.count != dag.count || columns.count != count || !known.isSubset(of: tested) {
            result = DriftClasses()
            result.classOf = [Int](repeating: 0, count: dag.count)
            result.first = [0]
            result.columns = [Self.descendantCounts(of: Array(0..<dag.count), in: dag)]
            fresh = tested
        }
        for v in fresh { result.split(by: v, in: dag) }
        result.tested = tested
        result.renumber()
        return result
    }

    /// Splits every class holding both ancestors of `v` and other nodes.
    private mutating func split(by v: Int, in dag: CommitDAG) {
        let n = dag.count
        let ancestors = dag.ancestors[v]
        let k = count
        var inside = [Int](repeating: 0, count: k)
        var total = [Int](repeating: 0, count: k)
        for d in 0..<n {
            total[classOf[d]] += 1
            if ancestors.contains(d) { inside[classOf[d]] += 1 }
        }
        // Per split class: which side is moved to a new class (the smaller one), and its members.
        var movedSide = [Bool?](repeating: nil, count: k)
        for cl in 0..<k where inside[cl] > 0 && inside[cl] < total[cl] { movedSide[cl] = 2 * inside[cl] <= total[cl] }
        var moved: [Int: [Int]] = [:]
        for d in 0..<n {
            if let side = movedSide[classOf[d]], ancestors.contains(d) == side { moved[classOf[d], default: []].append(d) }
        }
        for (cl, members) in moved.sorted(by: { $0.key < $1.key }) {
            let new = first.count
            for d in members { classOf[d] = new }
            first.append(members[0])
            let part = Self.descendantCounts(of: members, in: dag)
            for c in 0..<n where part[c] != 0 { columns[cl][c] -= part[c] }
            columns.append(part)
        }
    }

    /// Numbers the classes in the order of their first member and lays out ``counts``.
    private mutating func renumber() {
        let n = classOf.count
        var order = [Int](repeating: -1, count: count)
        var next = 0
        var firsts: [Int] = []
        for d in 0..<n where order[classOf[d]] < 0 {
            order[classOf[d]] = next
            firsts.append(d)
            next += 1
        }
        for d in 0..<n { classOf[d] = order[classOf[d]] }
        var renumbered = [[Int32]](repeating: [], count: count)
        for (old, new) in order.enumerated() { renumbered[new] = columns[old] }
        columns = renumbered
        first = firsts
        let k = count
        var counts = [Double](repeating: 0, count: n * k)
        for (cl, column) in columns.enumerated() {
            for c in 0..<n where column[c] != 0 { counts[c * k + cl] = Double(column[c]) }
        }
        self.counts = counts
    }

    /// Per node, how many of `members` are its proper descendants: the members' ancestor sets
    /// added word by word into bit-sliced counters (plane `i` holds bit `i` of every count).
    static func descendantCounts(of members: [Int], in dag: CommitDAG) -> [Int32] {
        var counts = [Int32](repeating: 0, count: dag.count)
        guard let last = members.max() else { return counts }
        let span = last >> 6 + 1
        let planeCount = Int.bitWidth - members.count.leadingZeroBitCount
        var planes = [UInt64](repeating: 0, count: planeCount * span)
        planes.withUnsafeMutableBufferPointer { planes in
            for d in members {
                // Ancestors have smaller indexes: the set's words past d's are empty.
                dag.ancestors[d].words.withUnsafeBufferPointer { row in
                    for w in 0...(d >> 6) {
                        var carry = row[w]
                        var i = 0
                        while carry != 0 {
                            let t = planes[i * span + w] & carry
                            planes[i * span + w] ^= carry
                            carry = t
                            i += 1
                        }
                    }
                }
            }
            for c in 0...last {
                var value: Int32 = 0
                for i in 0..<planeCount where planes[i * span + c >> 6] >> UInt64(c & 63) & 1 != 0 {
                    value |= 1 << Int32(i)
                }
                counts[c] = value
            }
        }
        for d in members { counts[d] -= 1 }
        return counts
    }

    /// The classes for `tested`, recounted from every ancestor set (`O(n²)`): what the engine
    /// did at every record before the classes were kept.
    static func recounted(for tested: [Int], in dag: CommitDAG) -> DriftClasses {
        let n = dag.count
        let words = max(1, (tested.count + 63) / 64)
        var masks = [UInt64](repeating: 0, count: n * words)
        for (i, v) in tested.enumerated() {
            dag.ancestors[v].forEach { masks[$0 * words + i >> 6] |= 1 << UInt64(i & 63) }
        }
        var classIndex: [[UInt64]: Int] = [:]
        var result = DriftClasses()
        result.tested = tested
        result.classOf = [Int](repeating: 0, count: n)
        for d in 0..<n {
            let key = Array(masks[d * words..<(d + 1) * words])
            if let known = classIndex[key] {
                result.classOf[d] = known
            } else {
                result.classOf[d] = result.first.count
                classIndex[key] = result.first.count
                result.first.append(d)
            }
        }
        let k = result.count
        var counts = [Double](repeating: 0, count: n * k)
        for d in 0..<n {
            let cl = result.classOf[d]
            dag.ancestors[d].forEach { c in if c != d { counts[c * k + cl] += 1 } }
        }
        result.counts = counts
        return result
    }
}
