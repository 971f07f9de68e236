import Bisect
import Build
import Foundation
import JobConfig
import Model
import VCS

extension BisectJob {
    /// What a kernel job would build, without building: the start commit and the releases the
    /// walk would test (newest first, as the walk samples them), each with its kernel version,
    /// the compiler the table gives it and why, and the build fixes it would get; then where
    /// the walk stops for want of a compiler. One line each (`culprit bisect --plan`).
    /// - Throws: `CulpritError.badInput` for a job that is not a kernel job.
    public func releasePlan(console: ConsoleLog = ConsoleLog(isTerminal: false) { print($0) }) async throws
        -> [String]
    {
        let job = try await resolved(console: console)
        guard let kernel = job.backend as? KernelJob else {
            throw CulpritError.badInput("--plan shows a kernel job's compilers and build fixes: give a kernel job")
        }
        let config = job.makeConfig()
        let repository = try await Repository(path: config.repository)
        let bad = try await repository.resolve(config.bad)
        let settings = kernel.buildSettings(defaultRoot: "/")
        let fixes = try BuildFixSet.load(for: settings)
        var targets: [(name: String, commit: String)] = [("start", bad)]
        var tooOld: [ReleaseTag] = []
        if let good = config.good {
            targets.append(("good", try await repository.resolve(good)))
        } else {
            let split = Bisection.splitAtCutoff(
                try await repository.releases(before: bad), config.releaseCutoff)
            targets += ReleaseTag.sampled(split.kept).map { ($0.name, $0.commit) }
            tooOld = split.tooOld
        }
        var lines: [String] = []
        for (name, commit) in targets {
            let version = try await repository.contents(of: "Makefile", at: commit).flatMap {
                KernelVersion(makefile: $0)
            }
            let (cc, why) = settings.chooseCompiler(for: version)
            var applied: [String] = []
            var unknown: [String] = []
            for fix in fixes.fixes {
                switch try await BuildFixSet.need(fix, tree: repository.path, revision: commit, version: version) {
                case .needed:
                    applied.append(
                        fix.name + (fix.configOff.isEmpty ? "" : " (config off: \(fix.configOff.joined(separator: ", ")))"))
                case .notNeeded: break
                case .unknown(let why): unknown.append("\(fix.name): cannot tell, \(why)")
                }
            }
            lines.append(
                "\(name) \(commit.prefix(12)): kernel \(version?.description ?? "unknown"), compiler \(cc) (\(why)), "
                    + "build fixes: \(applied.isEmpty ? "none" : applied.joined(separator: ", "))"
                    + (unknown.isEmpty ? "" : "; " + unknown.joined(separator: "; ")))
        }
        if let newest = tooOld.first, let cutoff = config.releaseCutoff {
            lines.append(
                "the release walk stops before \(newest.name) (\(tooOld.count) older release(s) not tested): "
                    + "older than \(cutoff.major).\(cutoff.minor), \(cutoff.reason)")
        }
        return lines
    }
}
