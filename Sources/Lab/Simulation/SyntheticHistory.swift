import BisectCore
import Model
import Support

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
    /// The planted effect (title drift, reproducibility drift, a second bug).
    public var effect: HistoryEffect = .none
    /// Title and reproducibility drift: buggy nodes older than this node (not its descendants)
    /// print the old titles or reproduce 4x less often.
    public var driftNode: Int?
    /// Second bug: the nodes where it crashes.
    public var secondBugNodes: Set<Int> = []

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
    /// The bug's titles before the rename of title drift.
    static let oldBugTitles: [(String, Double)] = [
        ("KASAN: use-after-free Read in sim_queue_take", 0.7),
        ("KASAN: use-after-free Write in sim_queue_take", 0.25),
        ("general protection fault in sim_queue_flush", 0.05),
    ]
    static let unrelatedTitles = (0..<12).map { "WARNING in unrelated_path_\($0)" }
    static let secondBugTitle = "BUG: unable to handle page fault in sim_cache_evict"
    /// Crash probability of the second bug on its stretch.
    static let secondBugRate = 0.5

    /// Generates a history of `count` commits.
    public static func generate(
        count: Int, shape: Shape, mode: BisectMode = .cause, p: Double, q: Double, brokenStretches: Bool,
        effect: HistoryEffect = .none, rng: inout SplitMix64
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
            || (effect == .secondBug && dag.ancestorCount(culprit) < min(80, count / 2))
            || (effect != .none && effect != .secondBug && count - culprit < min(8, count / 4))
        var history = SyntheticHistory(
            dag: dag, shape: shape, mode: mode, culprit: culprit, p: p, q: q, broken: broken)
        history.plant(effect, rng: &rng)
        return history
    }

    /// Plants `effect` around the culprit.
    mutating func plant(_ effect: HistoryEffect, rng: inout SplitMix64) {
        self.effect = effect
        switch effect {
        case .none: break
        case .titleDrift, .titleDriftUnshared, .reproducibilityDrift:
            // The descendant of the culprit nearest to halfway between it and the top.
            let middle = (culprit + dag.top + 1) / 2
            var best = dag.top
            for v in culprit + 1...dag.top where dag.isAncestor(culprit, of: v) && abs(v - middle) < abs(best - middle) {
                best = v
            }
            driftNode = best
        case .secondBug:
            // A stretch of 20-60 ancestors of the culprit, ending 0-30 commits below it.
            let ancestors = (0..<culprit).filter { dag.isAncestor($0, of: culprit) }
            let length = 20 + Int(rng.next() % 41)
            let gap = Int(rng.next() % 31)
            let end = max(ancestors.count - gap, min(length, ancestors.count))
            let start = max(0, end - length)
            let first = ancestors[start]
            let last = ancestors[end - 1]
            for v in 0..<dag.count where dag.isAncestor(first, of: v) && !dag.isAncestor(last, of: v) || v == last {
                secondBugNodes.insert(v)
            }
        }
    }

    /// Whether `node` lies in the old stretch of a drift effect (bug present, before the drift node).
    func isOld(_ node: Int) -> Bool {
        guard let d = driftNode else { return false }
        return !dag.isAncestor(d, of: node)
    }

    /// What the report of a crash titled `title` would show besides the title (the engine's prior
    /// that two titles are one bug reads it; a real driver parses it from the report).
    public func sketch(of title: String) -> CrashSketch {
        let shared = ["sim_worker_run", "process_one_work"]
        if Self.bugTitles.contains(where: { $0.0 == title }) {
            let t = CrashSketch(title: title)
            return CrashSketch(kind: t.kind, frames: t.frames + shared, file: "drivers/sim/queue.c")
        }
        if Self.oldBugTitles.contains(where: { $0.0 == title }) {
            let t = CrashSketch(title: title)
            if effect == .titleDriftUnshared {
                return CrashSketch(kind: t.kind, frames: t.frames + ["sim_legacy_poll", "sim_legacy_irq"], file: "drivers/sim/legacy.c")
            }
            return CrashSketch(kind: t.kind, frames: t.frames + shared, file: "drivers/sim/queue.c")
        }
        if title == Self.secondBugTitle {
            return CrashSketch(kind: "BUG: unable to handle page fault", frames: ["sim_cache_evict", "sim_cache_shrink"], file: "mm/sim_cache.c")
        }
        return CrashSketch(title: title)
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
        let bug = hasBug(node)
        let old = bug && isOld(node)
        if secondBugNodes.contains(node) && rng.unit() < Self.secondBugRate {
            return .crashed(title: Self.secondBugTitle, report: nil)
        }
        if old && (effect == .titleDrift || effect == .titleDriftUnshared) {
            return run(bugPresent: bug, p: p, titles: Self.oldBugTitles, rng: &rng)
        }
        if old && effect == .reproducibilityDrift {
            return run(bugPresent: bug, p: p / 4, titles: Self.bugTitles, rng: &rng)
        }
        return run(bugPresent: bug, rng: &rng)
    }

    /// One reproducer run on a revision with or without the bug (e.g. outside the range).
    public func run(bugPresent: Bool, rng: inout SplitMix64) -> RunOutcome {
        run(bugPresent: bugPresent, p: p, titles: Self.bugTitles, rng: &rng)
    }

    func run(bugPresent: Bool, p: Double, titles: [(String, Double)], rng: inout SplitMix64) -> RunOutcome {
        if bugPresent && rng.unit() < p {
            var x = rng.unit()
            for (title, share) in titles {
                if x < share { return .crashed(title: title, report: nil) }
                x -= share
            }
            return .crashed(title: titles[0].0, report: nil)
        }
        if rng.unit() < q {
            let i = Int(rng.next() % UInt64(Self.unrelatedTitles.count))
            return .crashed(title: Self.unrelatedTitles[i], report: nil)
        }
        return .ok
    }
}
