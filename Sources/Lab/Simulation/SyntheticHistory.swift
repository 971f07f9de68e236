import BisectCore
import Model

/// A synthetic commit history with a planted culprit, a flaky reproducer, unrelated crashes and
/// stretches that do not build: the ground truth the simulator bisects.
public struct SyntheticHistory: Sendable {
    public enum Shape: String, Sendable, CaseIterable, Codable { case linear, merges }

    public var dag: CommitDAG
    public var shape: Shape
    public var mode: BisectMode
    /// The planted change: the culprit (cause mode) or the fix (fix mode).
    public var culprit: Int
    /// Reproducer crash probability on a revision with the bug.
    public var p: Double
    /// Unrelated-crash probability per run on any revision.
    public var q: Double
    /// Nodes that fail to build.
    public var broken: Set<Int>

    public init(
        dag: CommitDAG, shape: Shape, mode: BisectMode = .cause, culprit: Int, p: Double, q: Double,
        broken: Set<Int> = []
    ) {
        self.dag = dag
        self.shape = shape
        self.mode = mode
        self.culprit = culprit
        self.p = p
        self.q = q
        self.broken = broken
    }

    static let bugTitles: [(String, Double)] = [
        ("KASAN: use-after-free Read in sim_queue_pop", 0.7),
        ("KASAN: use-after-free Write in sim_queue_pop", 0.25),
        ("general protection fault in sim_queue_drain", 0.05),
    ]
    static let unrelatedTitles = (0..<12).map { "WARNING in unrelated_path_\($0)" }

    /// Generates a history of `count` commits.
    public static func generate(
        count: Int, shape: Shape, mode: BisectMode = .cause, p: Double, q: Double, brokenStretches: Bool,
        rng: inout SplitMix64
    ) -> SyntheticHistory {
        let parents = shape == .linear ? linearParents(count) : mergeParents(count, rng: &rng)
        let dag = try! CommitDAG(ids: (0..<count).map { "sim\($0)" }, parents: parents)
        var broken: Set<Int> = []
        if brokenStretches {
            let stretches = 1 + Int(rng.next() % 3)
            for _ in 0..<stretches {
                let length = 3 + Int(rng.next() % 13)
                let start = Int(rng.next() % UInt64(max(count - length - 1, 1)))
                for i in start..<min(start + length, count - 1) { broken.insert(i) }
            }
        }
        // The planted change must be decidable: it and its parents build (otherwise no strategy
        // can tell it from its neighbours, and the honest answer is a candidate list).
        var culprit = 0
        repeat {
            culprit = Int(rng.next() % UInt64(count))
        } while broken.contains(culprit) || dag.parents[culprit].contains(where: broken.contains)
        return SyntheticHistory(dag: dag, shape: shape, mode: mode, culprit: culprit, p: p, q: q, broken: broken)
    }

    static func linearParents(_ count: Int) -> [[Int]] {
        (0..<count).map { $0 == 0 ? [] : [$0 - 1] }
    }

    /// A mainline with topic branches forked from recent mainline commits and merged back.
    static func mergeParents(_ count: Int, rng: inout SplitMix64) -> [[Int]] {
        var parents: [[Int]] = [[]]
        var mainline = [0]
        while parents.count < count {
            let left = count - parents.count
            if left > 4 && rng.unit() < 0.2 {
                let length = min(2 + Int(rng.next() % 10), left - 1)
                let back = Int(rng.next() % UInt64(min(mainline.count, 30)))
                var tip: Int? = rng.unit() < 0.05 ? nil : mainline[mainline.count - 1 - back]
                for _ in 0..<length {
                    parents.append(tip.map { [$0] } ?? [])
                    tip = parents.count - 1
                }
                parents.append([mainline.last!, tip!])
            } else {
                parents.append([mainline.last!])
            }
            mainline.append(parents.count - 1)
        }
        return parents
    }

    /// Whether the bug is present at `node`.
    public func hasBug(_ node: Int) -> Bool {
        let contains = dag.isAncestor(culprit, of: node)
        return mode == .cause ? contains : !contains
    }

    /// One reproducer run on `node`.
    public func run(_ node: Int, rng: inout SplitMix64) -> RunOutcome {
        run(bugPresent: hasBug(node), rng: &rng)
    }

    /// One reproducer run on a revision with or without the bug (e.g. outside the range).
    public func run(bugPresent: Bool, rng: inout SplitMix64) -> RunOutcome {
        if bugPresent && rng.unit() < p {
            var x = rng.unit()
            for (title, share) in Self.bugTitles {
                if x < share { return .crashed(title: title, report: nil) }
                x -= share
            }
            return .crashed(title: Self.bugTitles[0].0, report: nil)
        }
        if rng.unit() < q {
            let i = Int(rng.next() % UInt64(Self.unrelatedTitles.count))
            return .crashed(title: Self.unrelatedTitles[i], report: nil)
        }
        return .ok
    }
}
