import Foundation
import Model
import Mustache

extension JobReport {
    /// The page: one self-contained HTML document (no network: inline CSS, SVG and script).
    /// - Throws: `CulpritError.infrastructure` if the template does not parse (a defect).
    public func html() throws -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: JobPageTemplate.text)
        } catch {
            throw CulpritError.infrastructure("the job page template does not parse: \(error)")
        }
        return template.render(context)
    }

    /// The template's context (plain dictionaries, so the template decides what shows).
    var context: [String: Any] {
        var c: [String: Any] = [
            "title": title,
            "state": state,
            "log": log.joined(separator: "\n"),
            "timeline": timeline.enumerated().map { i, r -> [String: Any] in
                var row: [String: Any] = [
                    "n": i + 1, "short": String(r.commit.prefix(12)), "reason": r.reason, "build": r.build,
                    "runs": r.runs, "crashes": r.crashes, "verdict": r.verdict,
                ]
                if let p = r.probability { row["probability"] = Self.percent(p) }
                return row
            },
        ]
        let svg = chart.svg()
        if !svg.isEmpty { c["chart"] = svg }
        if let r = result {
            var result: [String: Any] = [
                "outcome": r.outcome.rawValue, "mode": r.mode.rawValue, "strategy": r.strategy.rawValue,
                "reason": r.reason, "revisions_tested": r.revisionsTested, "builds": r.builds,
                "test_runs": r.testRuns, "warnings": r.warnings,
                "candidates": r.candidates.map {
                    ["hash": $0.hash, "title": $0.title, "probability": Self.percent($0.probability)]
                },
            ]
            if r.strategy == .bayes && r.culprit != nil { result["confidence"] = Self.percent(r.confidence) }
            if let culprit = r.culprit {
                result["culprit"] = ["hash": culprit.hash, "title": culprit.title, "author": culprit.author]
            }
            if let v = r.badCommit { result["bad_commit"] = v }
            if let v = r.goodCommit { result["good_commit"] = v }
            if let v = r.compiler { result["compiler"] = v }
            c["result"] = result
            if let crash = r.crash {
                var crashContext: [String: Any] = ["title": crash.title]
                if let report = crash.report { crashContext["report"] = report }
                c["crash"] = crashContext
            }
            if let recipients = r.recipients {
                let people =
                    recipients.to.map { Self.person($0, "To") } + recipients.cc.map { Self.person($0, "Cc") }
                if !people.isEmpty { c["recipients"] = ["people": people] }
            }
        }
        return c
    }

    static func person(_ p: Person, _ kind: String) -> [String: Any] {
        ["kind": kind, "name": p.name ?? "", "email": p.email, "roles": p.roles.joined(separator: ", ")]
    }

    static func percent(_ p: Double) -> String { String(format: "%.1f%%", 100 * p) }
}
