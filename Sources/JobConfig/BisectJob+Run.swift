import Bisect
import Build
import Foundation
import Instance
import Model
import Support

extension BisectJob {
    /// The engine's configuration for these settings (call ``validate()`` first).
    public func makeConfig() -> BisectionConfig {
        var config = BisectionConfig(repository: Self.absolute(repository ?? "."), bad: bad ?? "HEAD")
        config.good = good
        config.mode = fix == true ? .fix : .cause
        config.strategy = strategy.flatMap(Strategy.init(rawValue:)) ?? .bayes
        if let runs { config.runs = runs }
        if let confidence { config.confidence = confidence }
        config.maxBuilds = maxBuilds
        config.maxRuns = maxRuns
        config.stateDirectory = stateDirectory.map(Self.absolute)
        config.backendIdentity = backendIdentity
        config.parallelRuns = jobs ?? Self.defaultJobs
        if case .kernel(let kernel)? = backend {
            config.kernelConfig = kernel.config.map(kernel.resolve) ?? kernel.baseConfig
            if let oldest = kernel.buildSettings(defaultRoot: "/").oldestBuildable() {
                config.releaseCutoff = .init(
                    major: oldest.version.major, minor: oldest.version.minor, reason: oldest.reason)
            }
        }
        return config
    }

    /// Runs the bisection with this job's backend, streaming the log to `console` (log lines,
    /// and the progress line on a terminal), and writes the JSON result when ``json`` is set.
    public func run(console: ConsoleLog) async throws -> BisectionResult {
        let job = try applyingBug()
        guard bug == nil || bugDirectory != nil else { return try await job.resolveBugCommit(console: console).run(console: console) }
        try validate()
        // Refuse an unusable result file now, not after hours of bisection.
        if let json { try BisectionResult.checkWritable(json: Self.absolute(json)) }
        var root = ""
        if case .kernel? = backend { root = try await kernelRoot() }
        let bisection = try Bisection(
            config: makeConfig(), builder: makeBuilder(kernelRoot: root), tester: makeTester(kernelRoot: root)
        ) {
            console.show($0)
        }
        var result: BisectionResult
        do {
            result = try await bisection.run()
        } catch {
            console.finish()
            // However the interruption surfaced (a tester, git), say what the user can do.
            if Task.isCancelled { throw Bisection.interrupted }
            throw error
        }
        console.finish()
        if let warning = Self.titleWarning(expected: bugDirectory?.expectedTitle, result: result) {
            console.line("warning: " + warning)
            result.warnings.append(warning)
        }
        if let json { try result.writeJSON(to: Self.absolute(json)) }
        return result
    }

    /// What builds and tests, for the job id: other commands make another job, whose results
    /// are not mixed with these.
    var backendIdentity: String {
        switch backend {
        case .kernel(let kernel)?:
            kernel.identity
        case .command(let c)?:
            (["command", c.build ?? "", c.test ?? ""] + c.artifacts).joined(separator: "\u{0}")
        case nil:
            ""
        }
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
