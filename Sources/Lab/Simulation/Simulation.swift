import BisectCore
import Foundation
import Model
import Support

/// `culprit simulate`: accuracy and cost of the strategies on many synthetic histories, side by
/// side (the default strategy, today's syzkaller rule, the 2019 syzbot rule), with the default
/// strategy's calibration and its accuracy on the 2019 rule's run budget.
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

    /// The bisections of one history.
    public struct Trial: Sendable {
        public var shape: SyntheticHistory.Shape
        public var effect: HistoryEffect
        public var p: Double
        public var q: Double
        public var bayes: Simulator.Outcome
        /// Today's syzkaller rule.
        public var syzkaller: Simulator.Outcome
        /// The 2019 syzbot rule.
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
        let specs = self.specs
        let options = self.options
        return await withTaskGroup(of: (Int, Trial).self) { group in
            for spec in specs {
                group.addTask {
                    (
                        spec.index,
                        Self.trial(index: spec.index, shape: spec.shape, p: spec.p, q: spec.q, effect: spec.effect, options)
                    )
                }
            }
            var trials = [Trial?](repeating: nil, count: specs.count)
            for await (i, t) in group { trials[i] = t }
            return trials.map { $0! }
        }
    }

    /// The stream index of trial `index`: effect histories draw from their own streams, so that
    /// adding one keeps the others' figures.
    static func stream(_ index: Int, _ effect: HistoryEffect) -> UInt64 {
        effect == .none ? UInt64(index) : UInt64(index) &+ (UInt64(HistoryEffect.allCases.firstIndex(of: effect)!) << 32)
    }

    /// The synthetic history of trial `index` (the same for every strategy and slot setting).
    static func history(
        index: Int, shape: SyntheticHistory.Shape, p: Double, q: Double, effect: HistoryEffect, _ options: Options
    ) -> SyntheticHistory {
        var rng = SplitMix64.derived(options.seed, stream(index, effect), 1)
        return SyntheticHistory.generate(
            count: options.commits, shape: shape, mode: options.mode, p: p, q: q,
            brokenStretches: rng.unit() < options.brokenShare, effect: effect, rng: &rng)
    }

    /// Trial specifications: (index, shape, p, q, effect) for every class and history.
    var specs: [Spec] {
        var specs: [Spec] = []
        let effects = options.mode == .cause ? [.none] + options.effects.filter { $0 != .none } : [.none]
        for effect in effects {
            for shape in options.shapes {
                for p in options.crashProbabilities {
                    for q in options.unrelatedRates {
                        for _ in 0..<(effect == .none ? options.count : options.effectCount) {
                            specs.append(Spec(index: specs.count, shape: shape, p: p, q: q, effect: effect))
                        }
                    }
                }
            }
        }
        return specs
    }

    /// One history to simulate.
    struct Spec: Sendable {
        var index: Int
        var shape: SyntheticHistory.Shape
        var p: Double
        var q: Double
        var effect: HistoryEffect
    }

    static func trial(
        index: Int, shape: SyntheticHistory.Shape, p: Double, q: Double, effect: HistoryEffect, _ options: Options
    ) -> Trial {
        let i = stream(index, effect)
        let history = Self.history(index: index, shape: shape, p: p, q: q, effect: effect, options)
        var rng = SplitMix64.derived(options.seed, i, 2)
        var core = options.core
        let bayes = Simulator.bisect(history, strategy: .bayes, options: core, rng: &rng)
        rng = SplitMix64.derived(options.seed, i, 3)
        let syzbot = Simulator.bisect(history, strategy: .syzbot2019, options: core, rng: &rng)
        rng = SplitMix64.derived(options.seed, i, 4)
        core.maxRuns = syzbot.runs
        let budget = Simulator.bisect(history, strategy: .bayes, options: core, rng: &rng)
        rng = SplitMix64.derived(options.seed, i, 5)
        core.maxRuns = syzbot.runsToFirstCrash
        let minimal = Simulator.bisect(history, strategy: .bayes, options: core, rng: &rng)
        rng = SplitMix64.derived(options.seed, i, 6)
        let syzkaller = Simulator.bisect(history, strategy: .syzkaller, options: options.core, rng: &rng)
        return Trial(
            shape: shape, effect: effect, p: p, q: q, bayes: bayes, syzkaller: syzkaller, syzbot: syzbot,
            bayesOnSyzbotBudget: budget,
            bayesOnSyzbotMinimalBudget: minimal)
    }
}
