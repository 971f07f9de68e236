import Instance
import Model
import Support
import Testing

@testable import Bisect
@testable import Lab

/// The simulator and the log formatting.
struct SimulationTests {
    static func small(seed: UInt64) -> Simulation.Options {
        var options = Simulation.Options()
        options.count = 2
        options.commits = 80
        options.seed = seed
        options.effectCount = 1
        return options
    }

    @Test func sameSeedSameFigures() async {
        let a = await Simulation(options: Self.small(seed: 3)).run()
        let b = await Simulation(options: Self.small(seed: 3)).run()
        let expected = 2 * 4 * 2 * 2 + 4 * 4 * 2 * 2  // count x p x q x shapes, then effects x p x q x shapes
        #expect(a.count == expected)
        #expect(a.map(\.bayes.runs) == b.map(\.bayes.runs))
        #expect(a.map(\.syzbot.culprit) == b.map(\.syzbot.culprit))
        #expect(a.map(\.syzkaller.runs) == b.map(\.syzkaller.runs))
        let c = await Simulation(options: Self.small(seed: 4)).run()
        #expect(a.map(\.bayes.runs) != c.map(\.bayes.runs))
    }

    @Test func reportHasTheTableCalibrationAndTargets() async {
        let trials = await Simulation(options: Self.small(seed: 5)).run()
        let report = SimulationReport(trials: trials, confidence: 0.95)
        let text = report.render()
        #expect(report.classes.count == 16 && report.byCrashProbability.count == 4)
        #expect(report.overall.trials == trials.filter { $0.effect == .none }.count)
        #expect(report.effectClasses.count == 32)
        #expect(report.effectTotals.count == 4)
        #expect(text.contains("second-bug all") && text.contains("title-drift-unshared p=0.3 q=0.02"))
        #expect(text.contains("linear p=0.15 q=0.02") && text.contains("merges p=1.0 q=0.0"))
        #expect(text.contains("calibration of the default strategy"))
        #expect(text.contains("targets:") && text.contains("p=1 with unrelated crashes"))
        // Budget-limited runs never exceed what syzbot spent on the same history.
        for t in trials { #expect(t.bayesOnSyzbotBudget.runs <= t.syzbot.runs) }
        #expect(report.overall.bayesAccuracy > report.overall.syzbotAccuracy)
        #expect(text.contains("syzkaller: acc") && text.contains("today's syzkaller rule in every class"))
        // Today's rule makes every run it asks for: 20 on the start commit, 10 or 20 per revision.
        for t in trials where t.syzkaller.kind != .notReproducible { #expect(t.syzkaller.runs >= 20) }
    }

    @Test func historiesPlantADecidableCulprit() {
        var rng = SplitMix64(seed: 9)
        for shape in SyntheticHistory.Shape.allCases {
            for _ in 0..<20 {
                let h = SyntheticHistory.generate(
                    count: 120, shape: shape, p: 0.5, q: 0.02, brokenStretches: true, rng: &rng)
                #expect(!h.broken.contains(h.culprit) && !h.broken.contains(h.dag.top))
                #expect(h.hasBug(h.dag.top))
                #expect(h.dag.parents[h.culprit].allSatisfy { !h.broken.contains($0) })
                if shape == .merges { #expect(h.dag.parents.contains { $0.count == 2 }) }
            }
        }
    }

    @Test func logLinesInTheSeedsFormat() {
        let crash = RunOutcome.crashed(title: "general protection fault in tls_trim_both_msgs", report: nil)
        #expect(
            BisectionLog.runLines((0..<10).map { RunResult(index: $0, outcome: crash, seconds: 1) }) == [
                "all runs: crashed: general protection fault in tls_trim_both_msgs"
            ])
        let mixed = BisectionLog.runLines([
            RunResult(index: 0, outcome: crash, seconds: 1), RunResult(index: 1, outcome: .ok, seconds: 1),
        ])
        #expect(mixed == ["run #0: crashed: general protection fault in tls_trim_both_msgs", "run #1: OK"])
        #expect(BisectionLog.duration(19908.88) == "5h31m48.9s")
        #expect(BisectionLog.duration(62.5) == "1m2.5s")
        #expect(BisectionLog.duration(3.25) == "3.2s" || BisectionLog.duration(3.25) == "3.3s")
    }
}
