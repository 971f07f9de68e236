import BisectCore
import Instance
import Model
import Support
import Testing

@testable import Bisect
@testable import Lab

/// Batch selection on many slots: distinct revisions, speculative builds, cancellation, and the
/// slot simulator's wall-clock against one revision at a time.
struct BatchPlanTests {
    static let bug = RunOutcome.crashed(title: "bug", report: nil)

    /// A linear history of 101 commits whose top crashed on every confirmation run.
    static func core() -> BisectCore {
        var core = BisectCore(
            dag: CommitDAG.linear(101), mode: .cause, strategy: .bayes, signature: Signature(titles: ["bug": 16]),
            options: BisectCore.Options())
        core.recordBuild(node: 100, succeeded: true)
        core.record(Array(repeating: bug, count: 16), at: 100)
        return core
    }

    static func plan(_ core: BisectCore, builds: Int, tests: Int, _ inFlight: InFlight = InFlight()) -> BatchPlan {
        core.planBatch(freeBuildSlots: builds, freeTestSlots: tests, inFlight: inFlight, buildTime: 600, runTime: 60)
    }

    @Test func freeBuildSlotsGetDistinctRevisionsSpreadOverTheRange() {
        let plan = Self.plan(Self.core(), builds: 3, tests: 0)
        #expect(plan.finish == nil && plan.cancelBuilds.isEmpty)
        #expect(plan.builds.count == 3 && Set(plan.builds).count == 3, "\(plan.builds)")
        let sorted = plan.builds.sorted()
        // Not three copies of the median: one in each quarter-ish of the range.
        #expect(sorted[0] < 45 && (35...65).contains(sorted[1]) && sorted[2] > 55, "\(sorted)")
    }

    @Test func whileARevisionIsTestedTheNextBuildsAreOnEitherSideOfIt() {
        var core = Self.core()
        core.recordBuild(node: 50, succeeded: true)
        let plan = Self.plan(core, builds: 2, tests: 0, InFlight(runs: [50: 8]))
        let sorted = plan.builds.sorted()
        #expect(sorted.count == 2 && sorted[0] < 50 && sorted[1] > 50, "\(plan.builds)")
    }

    @Test func freeTestSlotsGoToTheInformativeBuiltRevision() {
        var core = Self.core()
        core.recordBuild(node: 50, succeeded: true)
        let plan = Self.plan(core, builds: 0, tests: 4)
        #expect(plan.runs == [50: 4], "\(plan.runs)")
        #expect(plan.builds.isEmpty)
    }

    @Test func buildsOfSettledRevisionsAreCancelled() {
        var core = Self.core()
        core.recordBuild(node: 30, succeeded: true)
        core.record(Array(repeating: Self.bug, count: 16), at: 30)
        // 30 crashes: 70 surely has the bug, testing it tells nothing; 0...30 are still open.
        let plan = Self.plan(core, builds: 1, tests: 1, InFlight(builds: [70]))
        #expect(plan.finish == nil)
        #expect(plan.cancelBuilds == [70], "\(plan)")
        #expect(plan.builds.count == 2 && plan.builds.allSatisfy { $0 < 30 }, "the free slot and the freed one: \(plan.builds)")
    }

    @Test func stopsAtTheTargetConfidence() {
        var core = Self.core()
        for (node, outcome) in [(41, Self.bug), (40, RunOutcome.ok)] {
            core.recordBuild(node: node, succeeded: true)
            core.record(Array(repeating: outcome, count: 24), at: node)
        }
        let plan = Self.plan(core, builds: 4, tests: 4, InFlight(builds: [10], runs: [41: 2]))
        #expect(plan.finish?.culprit == 41 && plan.finish?.outcome == .found)
    }

    @Test func batchedSlotsFindTheSameCulpritsSooner() {
        var one: [SlotSimulator.Outcome] = []
        var batched: [SlotSimulator.Outcome] = []
        var rng = SplitMix64(seed: 11)
        for i in 0..<6 {
            let h = SyntheticHistory.generate(
                count: 200, shape: i % 2 == 0 ? .linear : .merges, p: 1, q: 0, brokenStretches: i % 3 == 0, rng: &rng)
            var settings = SlotSimulator.Settings(testSlots: 4, buildSlots: 4, buildTime: 600, runTime: 60, batching: false)
            var options = BisectCore.Options()
            options.buildCost = 10
            var r = SplitMix64(seed: UInt64(i))
            one.append(SlotSimulator.bisect(h, settings: settings, options: options, rng: &r))
            settings.batching = true
            r = SplitMix64(seed: UInt64(i))
            batched.append(SlotSimulator.bisect(h, settings: settings, options: options, rng: &r))
        }
        #expect(one.allSatisfy(\.result.correct) && batched.allSatisfy(\.result.correct))
        let (a, b) = (one.reduce(0) { $0 + $1.seconds }, batched.reduce(0) { $0 + $1.seconds })
        #expect(b < 0.8 * a, "batched \(b) s against one at a time \(a) s")
        for o in batched { #expect(o.wastedBuilds <= o.result.builds && o.cancelledBuilds <= o.result.builds) }
        #expect(one.allSatisfy { $0.wastedBuilds == 0 })
    }
}
