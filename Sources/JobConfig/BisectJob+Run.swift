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
        config.strategy = strategy.flatMap(Strategy.init(name:)) ?? .bayes
        if let runs { config.runs = runs }
        if let confidence { config.confidence = confidence }
        config.maxBuilds = maxBuilds
        config.speculativeBuilds = speculativeBuilds ?? false
        config.maxRuns = maxRuns
        config.stateDirectory = stateDirectory.map(Self.absolute)
        config.backendIdentity = backend?.identity ?? ""
        config.parallelRuns = jobs ?? Self.defaultJobs
        backend?.configure(&config)
        return config
    }

    /// Runs the bisection with this job's backend, streaming the log to `console` (log lines,
    /// and the progress line on a terminal), and writes the JSON result when ``json`` is set.
    public func run(console: ConsoleLog) async throws -> BisectionResult {
        guard isPrepared else { return try await resolved(console: console).run(console: console) }
        try validate()
        // Refuse an unusable result file now, not after hours of bisection.
        if let json { try BisectionResult.checkWritable(json: Self.absolute(json)) }
        let root = try await backend?.workRoot(repository: Self.absolute(repository ?? ".")) ?? ""
        if minimizeConfig == true, let backend {
            var minimized = try await backend.minimizingConfig(self, workRoot: root, console: console)
            minimized.minimizeConfig = false
            return try await minimized.run(console: console)
        }
        let bisection = try Bisection(
            config: makeConfig(), builder: makeBuilder(workRoot: root), tester: makeTester(workRoot: root)
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
        for warning in backend?.warnings(result) ?? [] {
            console.line("warning: " + warning)
            result.warnings.append(warning)
        }
        if let json { try result.writeJSON(to: Self.absolute(json)) }
        return result
    }
}
