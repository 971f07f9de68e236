import BisectCore
import Foundation
import Model
import Support

/// `culprit simulate --slots K...`: wall-clock time, builds and runs of the default strategy on
/// K test slots, batched (``SlotSimulator``, speculative builds) against one revision at a time,
/// on the histories of ``Simulation`` (same seed, same histories).
public struct SlotSimulation: Sendable {
    public struct Options: Sendable {
        public var histories = Simulation.Options()
        /// Test slot counts to compare, one row each.
        public var slots = [1, 2, 4, 8, 16]
        /// Build slots; nil: as many as test slots (K machines that each build and test).
        public var buildSlots: Int?
        public var buildTime = 600.0
        public var runTime = 60.0

        public init() {}
    }

    /// Figures of one setting over a set of histories.
    public struct Figures: Sendable {
        public var trials = 0
        public var accuracy = 0.0
        public var hours = 0.0
        public var builds = 0.0
        public var runs = 0.0
        public var wastedBuilds = 0.0
        public var cancelledBuilds = 0.0

        init(_ outcomes: [SlotSimulator.Outcome]) {
            let n = Double(max(outcomes.count, 1))
            trials = outcomes.count
            accuracy = Double(outcomes.filter(\.result.correct).count) / n
            hours = outcomes.reduce(0) { $0 + $1.seconds } / n / 3600
            builds = outcomes.reduce(0) { $0 + Double($1.result.builds) } / n
            runs = outcomes.reduce(0) { $0 + Double($1.result.runs) } / n
            wastedBuilds = outcomes.reduce(0) { $0 + Double($1.wastedBuilds) } / n
            cancelledBuilds = outcomes.reduce(0) { $0 + Double($1.cancelledBuilds) } / n
        }
    }

    /// One row: K test slots, one at a time against batched, overall and per crash probability.
    public struct Row: Sendable {
        public var slots: Int
        public var buildSlots: Int
        public var label: String
        public var oneAtATime: Figures
        public var batched: Figures
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// Runs every history on every slot count, both ways; rows per slot count (overall, then per p).
    public func run() async -> [Row] {
        let options = self.options
        // The histories without a planted effect: the effects are another question.
        let specs = Simulation(options: options.histories).specs.filter { $0.effect == .none }
        var rows: [Row] = []
        for k in options.slots {
            let j = options.buildSlots ?? k
            let results = await withTaskGroup(of: (Int, SlotSimulator.Outcome, SlotSimulator.Outcome).self) { group in
                for spec in specs {
                    group.addTask {
                        let h = Simulation.history(
                            index: spec.index, shape: spec.shape, p: spec.p, q: spec.q, effect: spec.effect,
                            options.histories)
                        var settings = SlotSimulator.Settings(
                            testSlots: k, buildSlots: j, buildTime: options.buildTime, runTime: options.runTime,
                            batching: false)
                        var core = options.histories.core
                        core.buildCost = min(max(options.buildTime / max(options.runTime, 1e-9), 1), 50)
                        var rng = SplitMix64.derived(options.histories.seed, Simulation.stream(spec.index, spec.effect), 7)
                        let one = SlotSimulator.bisect(h, settings: settings, options: core, rng: &rng)
                        settings.batching = true
                        rng = SplitMix64.derived(options.histories.seed, Simulation.stream(spec.index, spec.effect), 7)
                        let batched = SlotSimulator.bisect(h, settings: settings, options: core, rng: &rng)
                        return (spec.index, one, batched)
                    }
                }
                var all: [(Int, SlotSimulator.Outcome, SlotSimulator.Outcome)] = []
                for await r in group { all.append(r) }
                return all.sorted { $0.0 < $1.0 }
            }
            func row(_ label: String, _ keep: (Double) -> Bool) -> Row {
                let picked = results.filter { r in keep(specs.first { $0.index == r.0 }!.p) }
                return Row(
                    slots: k, buildSlots: j, label: label, oneAtATime: Figures(picked.map(\.1)),
                    batched: Figures(picked.map(\.2)))
            }
            rows.append(row("all", { _ in true }))
            for p in Set(specs.map(\.p)).sorted(by: >) { rows.append(row("p=\(p)", { $0 == p })) }
        }
        return rows
    }

    /// The printed table.
    public static func render(_ rows: [Row], _ options: Options) -> String {
        let header =
            "slots (build)  class  |  one at a time: hours builds  runs   acc |  batched: hours builds  runs   acc "
            + "wasted (cancelled) | time saved"
        let rule = String(repeating: "-", count: header.count) + "\n"
        func f(_ x: Double, _ w: Int, _ d: Int = 1) -> String { TableNumber.text(x, width: w, decimals: d) }
        var out = String(
            format: "build %.0f s, run %.0f s; %d histories per row\n", options.buildTime, options.runTime,
            rows.first?.oneAtATime.trials ?? 0)
        out += header + "\n" + rule
        for r in rows {
            let a = r.oneAtATime
            let b = r.batched
            let saved = a.hours > 0 ? 1 - b.hours / a.hours : 0
            out += (r.label == "all" ? "\(f(Double(r.slots), 5, 0)) (\(f(Double(r.buildSlots), 2, 0)))" : "          ")
                + "  " + r.label.padding(toLength: 6, withPad: " ", startingAt: 0) + " |"
                + " \(f(a.hours, 20, 2)) \(f(a.builds, 6)) \(f(a.runs, 5, 0)) \(f(100 * a.accuracy, 5))% |"
                + " \(f(b.hours, 15, 2)) \(f(b.builds, 6)) \(f(b.runs, 5, 0)) \(f(100 * b.accuracy, 5))%"
                + " \(f(b.wastedBuilds, 6)) \(f(b.cancelledBuilds, 11)) |"
                + " \(f(100 * saved, 9))%\n"
            if r.label != "all", r.label == rows.last(where: { $0.slots == r.slots })?.label { out += rule }
        }
        out += """

            one at a time: the engine's choice as the driver makes it today (one build at a time, the runs of
            the revision spread over the test slots, at least one per slot); batched: every free slot filled
            with the work of most expected information given the work in flight, builds started while tests
            run, re-planned as each build and run ends. hours: mean simulated wall-clock, confirmation
            included; builds and runs: started (cancelled and unfinished ones included); acc: named the
            planted commit at the target confidence; wasted: builds started whose revision never got a run
            (cancelled, unused or unfinished); time saved: batched against one at a time.

            """
        return out
    }
}
