import Bisect
import Foundation
import Model
import ReportEmail
import Support
import VCS

extension BisectJob {
    /// The email-ready report of `result` (see ``BisectionReport``): the culprit with its date,
    /// the tree and start commit, recipients, trailers, the crash, confidence and candidates,
    /// counts and times, and where the log, console output, config and reproducer are.
    /// - Parameters:
    ///   - templatePath: an operator's template; nil: the built-in one.
    ///   - reportedBy: the `Reported-by:` trailer's value; nil: no such line.
    public func report(_ result: BisectionResult, templatePath: String? = nil, reportedBy: String? = nil) async throws
        -> String
    {
        let renderer = try BisectionReport(templatePath: templatePath)
        return renderer.render(result, details: try await reportDetails(result, reportedBy: reportedBy))
    }

    func reportDetails(_ result: BisectionResult, reportedBy: String?) async throws -> BisectionReport.Details {
        let repository = try await Repository(path: Self.absolute(self.repository ?? "."))
        var start = result.badCommit ?? ""
        if start.isEmpty { start = try await repository.resolve(bad ?? "HEAD") }
        let origin = try? await ProcessRunner.run(
            "git", ["-C", repository.path, "remote", "get-url", "origin"], timeout: .seconds(30))
        let url = origin.flatMap { $0.succeeded ? $0.outputText.trimmingCharacters(in: .whitespacesAndNewlines) : nil }
        var details = BisectionReport.Details(tree: url.flatMap { $0.isEmpty ? nil : $0 } ?? repository.path, start: start)
        details.startTitle = try? await repository.commit(start).title
        details.good = result.goodCommit
        if details.good == nil, let good { details.good = try? await repository.resolve(good) }
        if let culprit = result.culprit, let commit = try? await repository.commit(culprit.hash) {
            details.culpritDate = ISO8601DateFormatter().string(from: commit.authorDate)
        }
        details.target = confidence ?? 0.95
        details.reportedBy = reportedBy
        // The console output of the runs on the start commit (where the crash was seen).
        let console = result.stateDirectory + "/runs/" + start
        if FileManager.default.fileExists(atPath: console) { details.consolePath = console }
        details.logPath = result.logPath ?? result.stateDirectory + "/journal.jsonl"
        if let files = backend?.reportFiles(result) {
            details.configPath = files.config
            details.originalConfigPath = files.originalConfig
            details.reproducerPath = files.reproducer
        }
        return details
    }
}
