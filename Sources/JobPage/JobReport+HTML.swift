import Foundation
import Model

extension JobReport {
    /// The page as one self-contained HTML document (no network: inline CSS, SVG and script).
    /// - Throws: `CulpritError.infrastructure` if the templates are missing or do not parse.
    public func html() throws -> String {
        try PageTemplates().jobPage(self)
    }

    /// The templates' context (plain dictionaries, so the template decides what shows; a
    /// Mustache section shows for any present value, so absent values are left out).
    var context: [String: Any] {
        var c: [String: Any] = [
            "title": title,
            "state": state,
            "served": service != nil,
            "log": log.joined(separator: "\n"),
            "hasLog": !log.isEmpty,
            "chart": chart.svg,
            "timeline": timeline.enumerated().map { i, r -> [String: Any] in
                var row: [String: Any] = [
                    "n": i + 1, "short": String(r.commit.prefix(12)), "commit": r.commit, "reason": r.reason,
                    "build": r.build, "runs": r.runs, "crashes": r.crashes, "verdict": r.verdict,
                    "class": r.verdict.split(separator: " ").first.map(String.init) ?? "",
                ]
                if let p = r.probability { row["probability"] = Self.percent(p) }
                return row
            },
        ]
        c["bad"] = result?.badCommit ?? bad
        c["good"] = result?.goodCommit ?? good
        c["crash"] = result?.crash?.title ?? crashTitle
        c["progress"] = progress
        if let report = crashReport, !report.isEmpty { c["crashReport"] = report }
        if let r = result {
            var result: [String: Any] = [
                "outcome": r.outcome.rawValue, "outcomeText": r.outcome.rawValue.replacingOccurrences(of: "_", with: " "),
                "mode": r.mode.rawValue, "strategy": r.strategy.rawValue, "reason": r.reason,
                "revisions_tested": r.revisionsTested, "builds": r.builds, "test_runs": r.testRuns,
                "warnings": r.warnings,
                "candidates": r.candidates.map {
                    ["hash": $0.hash, "title": $0.title, "probability": Self.percent($0.probability)]
                },
            ]
            if !r.candidates.isEmpty { result["hasCandidates"] = true }
            if r.strategy == .bayes && r.culprit != nil { c["confidence"] = Self.percent(r.confidence) }
            if let culprit = r.culprit {
                result["culprit"] = ["hash": culprit.hash, "title": culprit.title, "author": culprit.author]
            }
            if let v = r.compiler { result["compiler"] = v }
            if let v = r.logPath { result["log_path"] = v }
            c["result"] = result
            if let recipients = r.recipients {
                let people = recipients.to.map { Self.person($0, "To") } + recipients.cc.map { Self.person($0, "Cc") }
                if !people.isEmpty {
                    c["recipients"] = people
                    c["hasRecipients"] = true
                }
            }
        }
        if let s = service {
            var facts: [String: Any] = [
                "id": s.id, "repository": s.repository, "attempts": s.attempts, "submitted": s.submitted, "spec": s.spec,
                "lastEventID": s.lastEventID,
                "artifacts": s.artifacts.map { ["name": $0.name, "size": $0.size, "job": s.id] as [String: Any] },
            ]
            facts["worker"] = s.worker
            facts["error"] = s.error
            facts["email"] = s.email
            c["service"] = facts
        }
        return c
    }

    static func person(_ p: Person, _ kind: String) -> [String: Any] {
        ["kind": kind, "name": p.name ?? "", "email": p.email, "roles": p.roles.joined(separator: ", ")]
    }

    static func percent(_ p: Double) -> String { String(format: "%.1f%%", 100 * p) }
}
