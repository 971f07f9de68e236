import BisectCore
import Foundation
import Model
import Support

/// `culprit bench engine`: CPU time of the engine's decisions (``BisectCore/nextAction()`` and
/// ``BisectCore/record(_:at:)``) on a synthetic history, with the change commits' classes kept
/// between records and, side by side on the same history and runs, recounted from every ancestor
/// set at each step (``BisectCore/usesSlowReference``, the engine before they were kept).
/// Both must take the same decisions.
public enum EngineBenchmark {
    /// Figures of one bisection.
    public struct Figures: Sendable {
        /// Actions asked and records made.
        public var actions = 0
        public var records = 0
        /// CPU seconds in `nextAction` and in `record`.
        public var actionSeconds = 0.0
        public var recordSeconds = 0.0
        /// CPU seconds to make the engine (its first record included: the confirmation runs).
        public var setupSeconds = 0.0
        /// Every action taken, and the conclusion when the bisection ended within the steps.
        public var decisions: [String] = []

        public var millisecondsPerAction: Double { actions > 0 ? actionSeconds * 1000 / Double(actions) : 0 }
        public var millisecondsPerRecord: Double { records > 0 ? recordSeconds * 1000 / Double(records) : 0 }
    }

    /// The synthetic history of a benchmark: `commits` commits of `shape`, crash probability
    /// 0.3, unrelated crashes 2%, no broken builds.
    public static func history(commits: Int, shape: SyntheticHistory.Shape, seed: UInt64) -> SyntheticHistory {
        var rng = SplitMix64.derived(seed, UInt64(commits), shape == .linear ? 1 : 2)
        return SyntheticHistory.generate(
            count: commits, shape: shape, p: 0.3, q: 0.02, brokenStretches: false, rng: &rng)
    }

    /// Bisects `history` with the default strategy for at most `steps` records after the
    /// confirmation, timing each decision.
    public static func run(_ history: SyntheticHistory, steps: Int, recount: Bool, seed: UInt64) -> Figures {
        var figures = Figures()
        var rng = SplitMix64.derived(seed, 7)
        let options = BisectCore.Options()
        var start = now()
        guard var core = Simulator.confirm(history, strategy: .bayes, options: options, rng: &rng).core else {
            figures.decisions.append("not reproducible")
            return figures
        }
        core.usesSlowReference = recount
        figures.setupSeconds = now() - start
        while figures.records < steps {
            start = now()
            let action = core.nextAction()
            figures.actionSeconds += now() - start
            figures.actions += 1
            switch action {
            case .finish(let conclusion):
                figures.decisions.append(
                    "\(conclusion.outcome.rawValue) \(conclusion.culprit.map(String.init) ?? "-") "
                        + String(format: "%.15g", conclusion.confidence))
                return figures
            case .test(let node, let k, _):
                figures.decisions.append("test \(node) x\(k)")
                if !core.available.contains(node) { core.recordBuild(node: node, succeeded: true) }
                let outcomes = (0..<k).map { _ in history.run(node, rng: &rng) }
                Simulator.noteSketches(outcomes, history, &core)
                start = now()
                core.record(outcomes, at: node)
                figures.recordSeconds += now() - start
                figures.records += 1
            }
        }
        return figures
    }

    /// CPU time of the calling thread (other processes on a shared machine do not count).
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
