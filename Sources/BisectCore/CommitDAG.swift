import Model

/// The commits a bisection chooses among, as a DAG of indexes: node `i`'s parents (inside the
/// range) all have smaller indexes, so index order is a topological order (oldest first).
///
/// The last node is the range's top (the bad revision in cause mode, the fixed one in fix mode);
/// every node is one of its ancestors. Parents outside the range are not represented: the range's
/// boundary (the good revisions) lies below every root.
public struct CommitDAG: Sendable {
    /// Largest range the engine accepts (ancestor sets take n²/8 bytes).
    public static let maximumCount = 40_000

    /// Commit identifiers (hashes), by node.
    public let ids: [String]
    /// Parents inside the range, by node.
    public let parents: [[Int]]
    /// Ancestor-or-self set of every node.
    let ancestors: [NodeSet]
    /// Size of each ancestor-or-self set.
    let ancestorCounts: [Int]
    /// Node index by identifier.
    public let index: [String: Int]

    /// Builds the DAG. `parents[i]` must only hold indexes below `i`.
    public init(ids: [String], parents: [[Int]]) throws {
        guard !ids.isEmpty else {
            throw CulpritError.badInput(
                "the range to bisect is empty: the good revision already contains the bad one; "
                    + "check --good and --bad (and --fix)")
        }
        guard ids.count == parents.count else {
            throw CulpritError.badInput("commit graph: \(ids.count) commits but \(parents.count) parent lists")
        }
        guard ids.count <= Self.maximumCount else {
            throw CulpritError.badInput(
                "the range holds \(ids.count) commits (at most \(Self.maximumCount) supported); "
                    + "give a --good revision closer to --bad")
        }
        var sets: [NodeSet] = []
        sets.reserveCapacity(ids.count)
        for (i, ps) in parents.enumerated() {
            var set = NodeSet(capacity: ids.count)
            set.insert(i)
            for p in ps {
                guard p >= 0, p < i else {
                    throw CulpritError.badInput("commit graph is not in topological order at \(ids[i])")
                }
                set.formUnion(sets[p])
            }
            sets.append(set)
        }
        self.ids = ids
        self.parents = parents
        self.ancestors = sets
        self.ancestorCounts = sets.map(\.count)
        var index: [String: Int] = [:]
        for (i, id) in ids.enumerated() { index[id] = i }
        self.index = index
    }

    /// A linear history of `count` nodes named `0`, `1`, ...
    public static func linear(_ count: Int) -> CommitDAG {
        try! CommitDAG(ids: (0..<count).map(String.init), parents: (0..<count).map { $0 == 0 ? [] : [$0 - 1] })
    }

    public var count: Int { ids.count }
    /// The range's top node.
    public var top: Int { ids.count - 1 }

    /// Whether `a` is `b` or one of its ancestors.
    public func isAncestor(_ a: Int, of b: Int) -> Bool { ancestors[b].contains(a) }

    /// Number of nodes that are `node` or its ancestors.
    public func ancestorCount(_ node: Int) -> Int { ancestorCounts[node] }

    /// The parent of `node` with the most ancestors (the first of them on a tie); `node` must
    /// have a parent.
    func largestParent(_ node: Int) -> Int {
        var best = parents[node][0]
        var most = ancestorCounts[best]
        for p in parents[node].dropFirst() where ancestorCounts[p] > most {
            best = p
            most = ancestorCounts[p]
        }
        return best
    }

    /// Whether the node is a merge inside the range.
    public func isMerge(_ node: Int) -> Bool { parents[node].count > 1 }
}
