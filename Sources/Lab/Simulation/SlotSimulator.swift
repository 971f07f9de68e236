import BisectCore
import Foundation
import Model
import Support

/// Bisects a synthetic history on many slots in simulated time: `testSlots` reproducer runs and
/// `buildSlots` builds at a time, a build taking `buildTime` and a run `runTime` seconds.
///
/// One at a time (no batching): the engine's ``BisectCore/nextAction()``, as the driver runs it
/// today: build the chosen revision (one build at a time), then its runs spread over the test slots
/// (at least one per slot). Batched: ``BisectCore/planBatch(freeBuildSlots:freeTestSlots:inFlight:buildTime:runTime:)``
/// fills every free slot, builds speculatively while tests run, cancels builds that became
/// useless, and re-plans as each build and each run ends.
public enum SlotSimulator {
    public struct Settings: Sendable, Hashable {
        public var testSlots: Int
        public var buildSlots: Int
        public var buildTime: Double
        public var runTime: Double
        public var batching: Bool

        public init(testSlots: Int, buildSlots: Int, buildTime: Double, runTime: Double, batching: Bool) {
            self.testSlots = testSlots
            self.buildSlots = buildSlots
            self.buildTime = buildTime
            self.runTime = runTime
            self.batching = batching
        }
    }

    /// One bisection on slots.
    public struct Outcome: Sendable {
        /// Answer, builds started and runs started (a run or build in flight at the end counts).
        public var result: Simulator.Outcome
        /// Simulated wall-clock seconds, confirmation included.
        public var seconds: Double
        /// Builds started whose revision never got a run (cancelled, unused, or in flight at the end).
        public var wastedBuilds: Int
        /// Of those, builds cancelled because the posterior settled their revision.
        public var cancelledBuilds: Int
    }

    /// Bisects `history` with the default strategy on the slots of `settings`.
    public static func bisect(
        _ history: SyntheticHistory, settings: Settings, options: BisectCore.Options, rng: inout SplitMix64
    ) -> Outcome {
        var options = options
        options.minimumRuns = max(options.minimumRuns, settings.testSlots)
        let start = Simulator.confirm(history, strategy: .bayes, options: options, rng: &rng)
        // The bad revision's build, then its runs spread over the test slots.
        let confirmSeconds = settings.buildTime + rounds(start.runs, settings.testSlots) * settings.runTime
        guard let core = start.core else {
            let r = Simulator.Outcome(
                kind: .notReproducible, culprit: nil, best: nil, confidence: 0, builds: 1, runs: start.runs,
                runsToFirstCrash: start.runs, correct: false, bestCorrect: false)
            return Outcome(result: r, seconds: confirmSeconds, wastedBuilds: 0, cancelledBuilds: 0)
        }
        return settings.batching
            ? batched(history, core, settings, confirmSeconds, &rng)
            : oneAtATime(history, core, settings, confirmSeconds, &rng)
    }

    static func rounds(_ runs: Int, _ slots: Int) -> Double { Double((runs + max(slots, 1) - 1) / max(slots, 1)) }

    static func oneAtATime(
        _ history: SyntheticHistory, _ start: BisectCore, _ settings: Settings, _ confirmSeconds: Double,
        _ rng: inout SplitMix64
    ) -> Outcome {
        var core = start
        var clock = confirmSeconds
        while true {
            switch core.nextAction() {
            case .finish(let conclusion):
                let r = Simulator.outcome(
                    conclusion, history, builds: core.builds, runs: core.runs, runsToFirstCrash: core.runs)
                return Outcome(result: r, seconds: clock, wastedBuilds: 0, cancelledBuilds: 0)
            case .test(let node, let k, _):
                if !core.available.contains(node) {
                    clock += settings.buildTime
                    let built = !history.broken.contains(node)
                    core.recordBuild(node: node, succeeded: built)
                    if !built { continue }
                }
                let outcomes = (0..<k).map { _ in history.run(node, rng: &rng) }
                Simulator.noteSketches(outcomes, history, &core)
                core.record(outcomes, at: node)
                clock += rounds(k, settings.testSlots) * settings.runTime
            }
        }
    }

    /// Work in flight: what, on which node, ending when (in start order for equal ends).
    struct Task {
        var isBuild: Bool
        var node: Int
        var end: Double
        var order: Int
    }

    static func batched(
        _ history: SyntheticHistory, _ start: BisectCore, _ settings: Settings, _ confirmSeconds: Double,
        _ rng: inout SplitMix64
    ) -> Outcome {
        var core = start
        var clock = confirmSeconds
        var tasks: [Task] = []
        var started = 0
        var buildsStarted: [Int] = []
        var cancelled = 0
        var tested: Set<Int> = [history.dag.top]
        func finish(_ conclusion: BisectCore.Conclusion) -> Outcome {
            let inFlightRuns = tasks.filter { !$0.isBuild }.count
            let r = Simulator.outcome(
                conclusion, history, builds: 1 + buildsStarted.count, runs: core.runs + inFlightRuns,
                runsToFirstCrash: core.runs)
            let wasted = buildsStarted.count - Set(buildsStarted).intersection(tested).count
            return Outcome(result: r, seconds: clock, wastedBuilds: wasted, cancelledBuilds: cancelled)
        }
        while true {
            var inFlight = InFlight()
            for t in tasks {
                if t.isBuild { inFlight.builds.insert(t.node) } else { inFlight.runs[t.node, default: 0] += 1 }
            }
            let plan = core.planBatch(
                freeBuildSlots: settings.buildSlots - inFlight.builds.count,
                freeTestSlots: settings.testSlots - inFlight.runCount, inFlight: inFlight,
                buildTime: settings.buildTime, runTime: settings.runTime)
            if let conclusion = plan.finish { return finish(conclusion) }
            for node in plan.cancelBuilds {
                tasks.removeAll { $0.isBuild && $0.node == node }
                cancelled += 1
            }
            for node in plan.builds {
                tasks.append(Task(isBuild: true, node: node, end: clock + settings.buildTime, order: started))
                buildsStarted.append(node)
                started += 1
            }
            for (node, n) in plan.runs.sorted(by: { $0.key < $1.key }) {
                tested.insert(node)
                for _ in 0..<n {
                    tasks.append(Task(isBuild: false, node: node, end: clock + settings.runTime, order: started))
                    started += 1
                }
            }
            guard let next = tasks.map(\.end).min() else {
                return finish(core.currentConclusion(reason: "nothing left worth testing"))
            }
            clock = next
            let done = tasks.filter { $0.end <= next }.sorted { $0.order < $1.order }
            tasks.removeAll { $0.end <= next }
            // Builds first: runs never wait on a build that ends at the same moment.
            for t in done where t.isBuild {
                // The simulator counts builds as they start (cancelled ones cost too).
                core.recordBuild(node: t.node, succeeded: !history.broken.contains(t.node))
            }
            for t in done where !t.isBuild {
                let outcome = history.run(t.node, rng: &rng)
                Simulator.noteSketches([outcome], history, &core)
                core.record([outcome], at: t.node)
            }
        }
    }
}
