import Bisect
import Build
import Foundation
import Instance
import JobConfig
import Model
import Support
import Synchronization
import VCS

extension KernelJob {
    /// The job with its full config (`config:`) replaced by a minimized one (``ConfigMinimizer``):
    /// the base is `minimize-base` (default `tinyconfig`) with `minimize-fragments` merged on top,
    /// completed by `olddefconfig` on the bad revision; candidates are built in the job's build
    /// root and run in QEMU like any revision. What minimization learns is kept in
    /// `<work root>/minimize/<digest>/journal.jsonl` (the digest names the bad commit, the
    /// settings and the config's text), so a second run goes on from it; the minimized config is
    /// `minimized.config` there, and the lines minimization printed are in `log.txt`.
    /// - Throws: `CulpritError.badInput` when the job has no full config, or the config does not
    ///   reproduce the crash.
    public func minimizingConfig(_ job: BisectJob, workRoot: String, console: ConsoleLog) async throws -> BisectJob {
        guard let configFile = config.map(resolve) else {
            throw CulpritError.badInput(
                "--minimize-config reduces a full kernel config: give 'config: FILE' (or a bug directory) instead of "
                    + "base-config, or leave --minimize-config out")
        }
        guard let text = try? String(contentsOfFile: configFile, encoding: .utf8) else {
            throw CulpritError.badInput("cannot read the kernel config file \(configFile); check the job's config setting")
        }
        let repositoryPath = BisectJob.absolute(job.repository ?? ".")
        let repository = try await Repository(path: repositoryPath)
        let bad = try await repository.resolve(job.bad ?? "HEAD")
        let base = minimizeBase ?? "tinyconfig"
        let fragments = (minimizeFragments ?? []).map(resolve)
        let key = try await BuildLog.sha256(
            text: ([bad, identity, text, base] + fragments.map { $0 + "\n" + ((try? String(contentsOfFile: $0, encoding: .utf8)) ?? "") })
                .joined(separator: "\u{0}"))
        let directory = workRoot + "/minimize/" + key.prefix(16)
        let output = directory + "/minimized.config"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // The lines go to the console and to the minimization's own log.txt.
        let log = FullLog(path: directory + "/" + "log.txt")
        let say: @Sendable (String) -> Void = { text in
            console.line(text)
            log.append(text)
        }
        say(
            "config minimization of \(configFile) on \(bad): base \(base)"
                + (fragments.isEmpty ? "" : " + " + fragments.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))
                + "; state in \(directory)")
        let builder = KernelBuilder(settings: buildSettings(defaultRoot: workRoot + "/build"))
        var baseSettings = builder.settings
        baseSettings.config = .base(target: base, fragments: fragments)
        let configDirectory = directory + "/base"
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        let baseText = try await KernelBuilder(settings: baseSettings).configuration(
            BuildRequest(commit: bad, worktree: repositoryPath, outputDirectory: configDirectory))
        let tester = makeTester(job: job, workRoot: workRoot)
        let counter = Counter()
        let journal = try ConfigMinimizer.Journal(path: directory + "/journal.jsonl")
        let settings = ConfigMinimizer.Settings(
            runs: job.runs ?? BisectionConfig(repository: repositoryPath, bad: bad).runs,
            confidence: job.confidence ?? BisectionConfig(repository: repositoryPath, bad: bad).confidence,
            maxBuilds: minimizeBuilds ?? 16)
        let minimizer = ConfigMinimizer(
            settings: settings, journal: journal,
            build: { config, label in
                let n = counter.next()
                let candidate = directory + "/candidate-\(n).config"
                let out = directory + "/build-\(n)"
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try config.write(toFile: candidate, atomically: true, encoding: .utf8)
                var candidateSettings = builder.settings
                candidateSettings.config = .file(candidate)
                say("config minimization: \(label): building \(candidate)")
                return try await KernelBuilder(settings: candidateSettings).build(
                    BuildRequest(commit: bad, worktree: repositoryPath, outputDirectory: out))
            },
            test: { artifact, runs, label, onRun in
                let logs = artifact.directory + "/runs"
                try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
                return try await tester.test(
                    TestRequest(commit: bad, worktree: repositoryPath, artifact: artifact, runs: runs, logDirectory: logs)
                ) { run in
                    say("config minimization: \(label): run #\(run.index): \(run.outcome)")
                    try onRun(run)
                }
            },
            line: say)
        let outcome = try await minimizer.minimize(big: text, base: baseText)
        try outcome.config.write(toFile: output, atomically: true, encoding: .utf8)
        say(
            "config minimization: bisecting with \(output) (\(ConfigMinimizer.Outcome.optionCount(outcome.config)) options "
                + "set, \(ConfigMinimizer.Outcome.optionCount(outcome.original)) before)")
        var kernel = self
        kernel.config = output
        kernel.baseConfig = nil
        kernel.fragments = nil
        var minimized = job
        minimized.backend = kernel
        return minimized
    }
}

/// A counter shared by the minimizer's build calls (candidate file names).
private final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
