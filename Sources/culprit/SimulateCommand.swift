import ArgumentParser
import Bisect
import Foundation
import Lab

extension HistoryEffect: ExpressibleByArgument {}

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Measure accuracy and cost of the strategies on synthetic histories.",
        discussion: """
            Bisects many synthetic histories (linear and with merges; reproducer crash probability \
            p in {1, .6, .3, .15}; unrelated-crash rate 0 and .02; stretches that do not build) with \
            the default strategy, today's syzkaller rule and the 2019 syzbot rule, using the engine's \
            real decision code, and prints accuracy, mean builds and runs, calibration and the targets. \
            Then the same on histories with a planted effect (title drift with and without shared stack \
            frames, reproducibility drift, a second bug on a stretch before the culprit): accuracy, wrong \
            "found" answers, runs and calibration per class. With --slots, measures instead the \
            wall-clock time of the default strategy on K test slots (and as many build slots unless \
            --build-slots says otherwise), batched with speculative builds against one revision at a time.
            """
    )

    @Option(help: "Histories per class (shape x p x unrelated-crash rate).")
    var count = 40

    @Option(help: "Commits per history.")
    var commits = 600

    @Option(help: "Random seed (same seed, same figures).")
    var seed: UInt64 = 1

    @Option(help: "Target confidence of the default strategy.")
    var confidence = 0.95

    @Option(help: "Base runs per revision of the default strategy.")
    var runs = 8

    @Option(help: "Cost of one build in reproducer runs, for the default strategy's choices.")
    var buildCost = 2.0

    @Option(
        parsing: .upToNextOption,
        help: "Reproducer crash probabilities on buggy revisions, one class each.")
    var crashProbabilities: [Double] = [1, 0.6, 0.3, 0.15]

    @Option(parsing: .upToNextOption, help: "Unrelated-crash rates per run, one class each.")
    var unrelatedRates: [Double] = [0, 0.02]

    @Flag(help: "Simulate fix bisections instead of cause bisections (no planted effects).")
    var fix = false

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Effects to plant besides none, one class each (cause mode): \(HistoryEffect.planted.map(\.rawValue).joined(separator: ", ")). Give none for no effect histories.",
            valueName: "effect"))
    var effects: [HistoryEffect] = HistoryEffect.planted

    @Option(help: "Histories per effect class (shape x p x unrelated-crash rate).")
    var effectCount = 10

    @Flag(
        help: """
            Bisect with the simple crash model (one title set, one crash probability on every buggy \
            revision: the engine before title and reproducibility drift were modelled), to compare side by side.
            """)
    var simpleModel = false

    @Option(
        parsing: .upToNextOption,
        help: "Test slots (runs at a time) to compare batched against one-at-a-time selection, e.g. 1 2 4 8 16.")
    var slots: [Int] = []

    @Option(help: "Build slots (builds at a time) with --slots. Default: as many as test slots.")
    var buildSlots: Int?

    @Option(help: "Seconds one build takes, with --slots.")
    var buildTime = 600.0

    @Option(help: "Seconds one reproducer run takes, with --slots.")
    var runTime = 60.0

    func validate() throws {
        guard count > 0, commits >= 2 else { throw ValidationError("--count must be > 0 and --commits >= 2") }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be in (0, 1)") }
        guard (crashProbabilities + unrelatedRates).allSatisfy({ $0 >= 0 && $0 <= 1 }), !crashProbabilities.isEmpty,
            !unrelatedRates.isEmpty
        else { throw ValidationError("probabilities and rates must be in [0, 1]") }
        guard buildCost >= 0 else { throw ValidationError("--build-cost must be >= 0") }
        guard runs > 0 else { throw ValidationError("--runs must be > 0") }
        guard effectCount > 0 else { throw ValidationError("--effect-count must be > 0") }
        guard slots.allSatisfy({ (1...256).contains($0) }), buildSlots.map({ (1...256).contains($0) }) ?? true else {
            throw ValidationError("--slots and --build-slots must be between 1 and 256")
        }
        guard buildTime > 0, runTime > 0 else { throw ValidationError("--build-time and --run-time must be > 0") }
    }

    func run() async throws {
        var options = Simulation.Options()
        options.count = count
        options.commits = commits
        options.seed = seed
        options.mode = fix ? .fix : .cause
        options.crashProbabilities = crashProbabilities
        options.effects = effects
        options.effectCount = effectCount
        options.unrelatedRates = unrelatedRates
        options.core.confidence = confidence
        options.core.runs = runs
        options.core.buildCost = buildCost
        options.core.simpleModel = simpleModel ? true : nil
        let start = Date()
        if !slots.isEmpty {
            var slotOptions = SlotSimulation.Options()
            slotOptions.histories = options
            slotOptions.slots = slots
            slotOptions.buildSlots = buildSlots
            slotOptions.buildTime = buildTime
            slotOptions.runTime = runTime
            let rows = await SlotSimulation(options: slotOptions).run()
            print(SlotSimulation.render(rows, slotOptions), terminator: "")
            print(String(format: "%.1f s", Date().timeIntervalSince(start)))
            return
        }
        let trials = await Simulation(options: options).run()
        let report = SimulationReport(trials: trials, confidence: confidence)
        print(report.render(), terminator: "")
        print(String(format: "%d histories, %.1f s", trials.count, Date().timeIntervalSince(start)))
    }
}
