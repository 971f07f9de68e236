import BisectCore
import Foundation
import Model
import Support

/// `culprit simulate`: accuracy and cost of the strategies on many synthetic histories, side by
/// side, with the default strategy's calibration and its accuracy on syzbot's run budget.
public struct Simulation: Sendable {
    public struct Options: Sendable {
        /// Histories per class (shape x p x unrelated-crash rate).
        public var count = 40
        public var commits = 600
        public var seed: UInt64 = 1
        public var shapes = SyntheticHistory.Shape.allCases
        public var crashProbabilities = [1, 0.6, 0.3, 0.15]
        public var unrelatedRates = [0, 0.02]
        /// Share of histories with stretches that do not build.
        public var brokenShare = 0.5
        public var mode = BisectMode.cause
        /// Effects planted besides `none` (cause mode only), with `effectCount` histories per
        /// class (shape x p x unrelated-crash rate).
        public var effects = HistoryEffect.planted
        public var effectCount = 10
        public var core = BisectCore.Options()

        public init() {}
    }

    /// The three bisections of one history.
    public struct Trial: Sendable {
        public var shape: SyntheticHistory.Shape
        public var effect: HistoryEffect
        public var p: Double
        public var q: Double
        public var bayes: Simulator.Outcome
        public var syzbot: Simulator.Outcome
        /// The default strategy limited to the runs syzbot executed on the same history.
        public var bayesOnSyzbotBudget: Simulator.Outcome
        /// The default strategy limited to syzbot's runs counted up to each revision's first crash.
        public var bayesOnSyzbotMinimalBudget: Simulator.Outcome
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// Runs every trial, in parallel over histories.
    public func run() async -> [Trial] {
        var specs: [(Int, SyntheticHistory.Shape, Double, Double, HistoryEffect)] = []
        let effects = options.mode == .cause ? [.none] + options.effects.filter { $0 != .none } : [.none]
        for effect in effects {
            for shape in options.shapes {
                for p in options.crashProbabilities {
                    for q in options.unrelatedRates {
                        for _ in 0..<(effect == .none ? options.count : options.effectCount) {
                            specs.append((specs.count, shape, p, q, effect))
                        }
                    }
                }
            }
        }
        let options = self.options
        return await withTaskGroup(of: (Int, Trial).self) { group in
            for spec in specs {
                group.addTask {
                    (spec.0, Self.trial(index: spec.0, shape: spec.1, p: spec.2, q: spec.3, effect: spec.4, options))
                }
            }
            var trials = [Trial?](repeating: nil, count: specs.count)
            for await (i, t) in group { trials[i] = t }
            return trials.map { $0! }
        }
    }

    static func trial(
        index: Int, shape: SyntheticHistory.Shape, p: Double, q: Double, effect: HistoryEffect, _ options: Options
    ) -> Trial {
        // Effect histories draw from their own streams, so that adding one keeps the others' figures.
        let i = effect == .none ? UInt64(index) : UInt64(index) &+ (UInt64(HistoryEffect.allCases.firstIndex(of: effect)!) << 32)
        var historyRNG = SplitMix64.derived(options.seed, i, 1)
        let history = SyntheticHistory.generate(
            count: options.commits, shape: shape, mode: options.mode, p: p, q: q,
            brokenStretches: historyRNG.unit() < options.brokenShare, effect: effect, rng: &historyRNG)
        var rng = SplitMix64.derived(options.seed, i, 2)
        var core = options.core
        let bayes = Simulator.bisect(history, strategy: .bayes, options: core, rng: &rng)
        rng = SplitMix64.derived(options.seed, i, 3)
        let syzbot = Simulator.bisect(history, strategy: .syzbot, options: core, rng: &rng)
        rng = SplitMix64.derived(options.seed, i, 4)
        core.maxRuns = syzbot.runs
        let budget = Simulator.bisect(history, strategy: .bayes, options: core, rng: &rng)
        rng = SplitMix64.derived(options.seed, i, 5)
        core.maxRuns = syzbot.runsToFirstCrash
        let minimal = Simulator.bisect(history, strategy: .bayes, options: core, rng: &rng)
        return Trial(
            shape: shape, effect: effect, p: p, q: q, bayes: bayes, syzbot: syzbot, bayesOnSyzbotBudget: budget,
            bayesOnSyzbotMinimalBudget: minimal)
    }
}
