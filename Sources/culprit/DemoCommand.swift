import ArgumentParser
import Bisect
import Foundation
import Lab
import JobConfig
import Model
import Support

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Bisect a generated C project with a planted use-after-free, end to end.",
        discussion: """
            Creates a git repository of a small C program (an in-memory key-value cache) with about \
            250 commits, merges, release tags and MAINTAINERS; one commit plants a heap-use-after-free \
            that AddressSanitizer catches on about a third of the reproducer runs, five commits do \
            not build, and a rare unrelated crash (about 2% of runs) appears long before the bug. \
            Then bisects it with real gcc builds and real runs, streaming the log, and says whether \
            the culprit found is the planted one.

            Exit status: 0 when the planted culprit was found, 1 otherwise.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Create the project here (a new or empty directory) and keep it. Default: a temporary directory, removed at the end.",
            valueName: "dir"))
    var dir: String?

    @Option(
        help: ArgumentHelp("Seed of the generated history; the same seed gives the same repository.", valueName: "n"))
    var seed: UInt64 = 2026

    @Option(help: ArgumentHelp("Test runs at the same time.", valueName: "n"))
    var jobs: Int = 2

    @Option(help: ArgumentHelp("Base number of test runs per revision. Default: 16.", valueName: "n"))
    var runs: Int?

    @Option(help: ArgumentHelp("Target probability for the answer. Default: 0.95.", valueName: "x"))
    var confidence: Double?

    @Option(help: ArgumentHelp("bayes (default), or syzkaller or syzbot-2019 to compare.", valueName: "name"))
    var strategy: String?

    @Option(help: ArgumentHelp("Write the result as JSON to this file.", valueName: "file"))
    var json: String?

    @OptionGroup var page: PageOption

    func validate() throws {
        if !(1...64).contains(jobs) { throw ValidationError("--jobs must be between 1 and 64") }
        if let confidence, !(confidence > 0.5 && confidence < 1) {
            throw ValidationError("--confidence must be between 0.5 and 1 (exclusive)")
        }
        if let strategy, !BisectJob.strategies.contains(strategy) {
            throw ValidationError("--strategy must be one of: \(BisectJob.strategies.joined(separator: ", "))")
        }
    }

    func run() async throws {
        try page.checkWritable()
        let start = ContinuousClock.now
        let keep = dir != nil
        let root =
            dir
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "culprit-demo-\(UUID().uuidString.prefix(8))"
            ).path
        if let dir, let contents = try? FileManager.default.contentsOfDirectory(atPath: dir), !contents.isEmpty {
            throw CulpritError.badInput("\(dir) is not empty: give a new or empty directory to --dir")
        }
        defer { if !keep { try? FileManager.default.removeItem(atPath: root) } }

        let console = ConsoleLog()
        let project = try await DemoProject.generate(at: root + "/kvcache", seed: seed)
        let generated = ContinuousClock.now - start
        console.line("culprit demo: generated \(project.path)")
        console.line(
            "  \(project.commitCount) commits (merges, releases \(project.releases.keys.sorted().joined(separator: " "))) "
                + "in \(generated.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
        console.line("  build: \(DemoProject.buildCommand)")
        console.line("  test:  \(DemoProject.testCommand)")
        console.line("  the crash was seen on master (\(project.head.prefix(12))); no good revision is given")
        console.line("")

        var job = project.job(jobs: jobs, runs: runs, strategy: strategy, confidence: confidence)
        job.json = json
        let result = try await job.run(console: console)
        try page.write(stateDirectory: result.stateDirectory, console: console)

        let found = result.culprit?.hash
        console.line("")
        console.line("planted culprit: \(project.culprit) \(project.culpritTitle)")
        let elapsed = (ContinuousClock.now - start).formatted(.units(allowed: [.minutes, .seconds], width: .narrow))
        if found == project.culprit {
            console.line("culprit demo: found the planted culprit in \(elapsed)")
        } else if let found {
            console.line("culprit demo: named \(found), NOT the planted culprit (\(elapsed))")
            throw ExitCode(1)
        } else {
            console.line("culprit demo: no single culprit (\(result.outcome.rawValue)) after \(elapsed)")
            throw ExitCode(1)
        }
        if keep { console.line("the project is kept in \(project.path)") }
    }
}
