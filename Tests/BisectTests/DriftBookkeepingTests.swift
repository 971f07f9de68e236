import Model
import Support
import Testing

@testable import BisectCore
@testable import Lab

/// The change commits' classes kept between records (``DriftClasses``) against a recount from
/// every ancestor set, and the engine with them against the slow reference (the engine before they
/// were kept): the same classes, counts and decisions.
struct DriftBookkeepingTests {
    static func mergeDAG(_ count: Int, seed: UInt64) -> CommitDAG {
        var rng = SplitMix64(seed: seed)
        let parents = SyntheticHistory.mergeParents(count, rng: &rng)
        return try! CommitDAG(ids: (0..<count).map { "n\($0)" }, parents: parents)
    }

    @Test func bitSlicedCountsAreDescendantCounts() {
        let dag = Self.mergeDAG(400, seed: 3)
        var rng = SplitMix64(seed: 4)
        let members = (0..<dag.count).filter { _ in rng.unit() < 0.3 }
        let counts = DriftClasses.descendantCounts(of: members, in: dag)
        for c in 0..<dag.count {
            let expected = members.filter { $0 != c && dag.isAncestor(c, of: $0) }.count
            #expect(Int(counts[c]) == expected, "node \(c)")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func keptClassesEqualARecount(seed: UInt64) {
        let dag = seed == 1 ? CommitDAG.linear(300) : Self.mergeDAG(300, seed: seed)
        var rng = SplitMix64(seed: seed)
        var kept = DriftClasses().updated(for: [], in: dag)
        var tested: [Int] = []
        for step in 0..<25 {
            tested = Array(Set(tested + [rng.below(dag.count - 1)])).sorted()
            // Now and then a set that is not a superset (the engine rebuilding its model).
            let next = step == 12 ? Array(tested.prefix(3)) : tested
            kept = kept.updated(for: next, in: dag)
            let recounted = DriftClasses.recounted(for: next, in: dag)
            #expect(kept.classOf == recounted.classOf, "step \(step)")
            #expect(kept.first == recounted.first, "step \(step)")
            #expect(kept.counts == recounted.counts, "step \(step)")
        }
    }

    @Test(arguments: SyntheticHistory.Shape.allCases)
    func sameDecisionsAsTheSlowReference(shape: SyntheticHistory.Shape) {
        for seed in UInt64(1)...3 {
            let history = EngineBenchmark.history(commits: 300, shape: shape, seed: seed)
            let kept = EngineBenchmark.run(history, steps: 40, recount: false, seed: seed)
            let reference = EngineBenchmark.run(history, steps: 40, recount: true, seed: seed)
            #expect(kept.records >= 5)
            #expect(kept.decisions == reference.decisions, "\(shape) seed \(seed)")
        }
    }
}
