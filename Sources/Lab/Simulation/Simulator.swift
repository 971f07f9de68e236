import BisectCore
import Model
import Support

/// Bisects synthetic histories with the same decision code as the real driver (``Confirmation``
/// and ``BisectCore``), the builds and runs answered by the history's ground truth.
public enum Simulator {
    /// One simulated bisection.
    public struct Outcome: Sendable {
        public enum Kind: String, Sendable { case found, inconclusive, notReproducible }
        public var kind: Kind
        public var culprit: Int?
        /// The best candidate and its stated probability (git-bisect rules: 1 when they name a commit).
        public var best: Int?
        public var confidence: Double
        public var builds: Int
        /// Runs executed (the 2019 syzbot rule runs all its runs on a revision, as in its logs).
        public var runs: Int
        /// Runs up to the first crash on each revision (the 2019 rule's verdict is known then).
        public var runsToFirstCrash: Int
        /// Found and right.
        public var correct: Bool
        /// Best candidate right (found or not), for calibration.
        public var bestCorrect: Bool
    }

    /// Tells the core what the reports of new titles show, as the driver does from real reports.
    static func noteSketches(_ outcomes: [RunOutcome], _ history: SyntheticHistory, _ core: inout BisectCore) {
        for case .crashed(let title, _) in outcomes where core.sketches[title] == nil {
            core.noteSketch(history.sketch(of: title), for: title)
        }
    }

    /// Confirms the crash on the bad revision (the top in cause mode, the range's base in fix
    /// mode) with the strategy's rule: the decision core to bisect with (nil when the crash did
    /// not reproduce), the runs made, and the runs the 2019 rule would make after a first crash.
    static func confirm(
        _ history: SyntheticHistory, strategy: Strategy, options: BisectCore.Options, rng: inout SplitMix64
    ) -> (core: BisectCore?, runs: Int, notExecuted: Int) {
        let stopAtFirstCrash = strategy == .syzbot2019
        var confirm: [RunOutcome] = []
        var evidence = RevisionEvidence()
        var executed = 0
        while let k = Confirmation.moreRuns(after: evidence, strategy: strategy, options: options) {
            executed += k
            for _ in 0..<k {
                let o =
                    history.mode == .cause
                    ? history.run(history.dag.top, rng: &rng) : history.run(bugPresent: true, rng: &rng)
                confirm.append(o)
                evidence.add(o)
                if stopAtFirstCrash, case .crashed = o { break }
            }
        }
        guard Confirmation.isReproducible(evidence, strategy: strategy) else {
            return (nil, evidence.runs, executed - evidence.runs)
        }
        var core = BisectCore(
            dag: history.dag, mode: history.mode, strategy: strategy, signature: Signature(evidence), options: options)
        noteSketches(confirm, history, &core)
        if history.mode == .cause {
            core.recordBuild(node: history.dag.top, succeeded: true)
            core.record(confirm, at: history.dag.top)
        } else {
            core.recordBoundary(evidence, bugPresent: true)
        }
        return (core, evidence.runs, executed - evidence.runs)
    }

    /// The outcome of a bisection that ended with `conclusion`.
    static func outcome(
        _ conclusion: BisectCore.Conclusion, _ history: SyntheticHistory, builds: Int, runs: Int, runsToFirstCrash: Int
    ) -> Outcome {
        let best = conclusion.candidates.first?.node
        return Outcome(
            kind: conclusion.outcome == .found ? .found : .inconclusive, culprit: conclusion.culprit,
            best: best, confidence: conclusion.confidence, builds: builds, runs: runs,
            runsToFirstCrash: runsToFirstCrash, correct: conclusion.culprit == history.culprit,
            bestCorrect: best == history.culprit)
    }

    /// Bisects `history` with `strategy`.
    public static func bisect(
        _ history: SyntheticHistory, strategy: Strategy, options: BisectCore.Options, rng: inout SplitMix64
    ) -> Outcome {
        let start = confirm(history, strategy: strategy, options: options, rng: &rng)
        var notExecuted = start.notExecuted
        guard var core = start.core else {
            return Outcome(
                kind: .notReproducible, culprit: nil, best: nil, confidence: 0, builds: 1,
                runs: start.runs + notExecuted, runsToFirstCrash: start.runs, correct: false, bestCorrect: false)
        }
        while true {
            switch core.nextAction() {
            case .finish(let conclusion):
                return outcome(
                    conclusion, history, builds: core.builds, runs: core.runs + notExecuted, runsToFirstCrash: core.runs)
            case .test(let node, let k, let stop):
                if !core.available.contains(node) {
                    let built = !history.broken.contains(node)
                    core.recordBuild(node: node, succeeded: built)
                    if !built { continue }
                }
                var outcomes: [RunOutcome] = []
                for _ in 0..<k {
                    let o = history.run(node, rng: &rng)
                    outcomes.append(o)
                    if stop, case .crashed = o { break }
                }
                notExecuted += k - outcomes.count
                noteSketches(outcomes, history, &core)
                core.record(outcomes, at: node)
            }
        }
    }
}
