import Foundation
import Model
import Mustache
import Support

/// The text a maintainer receives about a finished bisection, rendered from a Mustache template
/// (the built-in `bisection-report.mustache`, or an operator's file with the same keys).
///
/// The template sees (all strings unless noted): `found`, `isFix` (booleans), `outcome`,
/// `reason`, `culprit` {hash, title, author, date}, `tree`, `start`, `startTitle`, `good`,
/// `recipients` {to, cc, hasTo, hasCc}, `crash` {title, report}, `confidence`, `target`,
/// `hasCandidates` and `candidates` [{percent, hash, title}], `revisionsTested`, `builds`,
/// `testRuns`, `buildTime`, `testTime`, `hasWarnings` and `warnings`, `hasTrailers` and
/// `trailers` (`Reported-by:`, `Fixes:` lines), `paths` {log, console, config (the config
/// bisected with), originalConfig (the full config it was minimized from, with
/// `--minimize-config`), reproducer, state}, `version`. Text is not escaped (the template is rendered as TEXT).
public struct BisectionReport: Sendable {
    /// Everything the report says besides the result.
    public struct Details: Sendable {
        /// Where the repository lives (its `origin` URL when it has one, else its path).
        public var tree: String
        /// The bad revision the bisection started from, and its title.
        public var start: String
        public var startTitle: String?
        public var good: String?
        /// The culprit's author date (ISO 8601 or git's format).
        public var culpritDate: String?
        /// The target confidence.
        public var target: Double?
        /// `Reported-by:` trailer value ("Name <email>"), nil: no such line.
        public var reportedBy: String?
        public var logPath: String?
        public var consolePath: String?
        public var configPath: String?
        /// The config `configPath` was minimized from (`--minimize-config`), nil when none was.
        public var originalConfigPath: String?
        public var reproducerPath: String?

        public init(tree: String, start: String) {
            self.tree = tree
            self.start = start
        }
    }

    public let template: MustacheTemplate
    /// Where the template came from (a path, or "built-in").
    public let source: String

    /// The built-in template's text.
    public static var builtInText: String {
        get throws {
            guard let url = Bundle.module.url(forResource: "bisection-report", withExtension: "mustache", subdirectory: "Templates"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                throw CulpritError.infrastructure(
                    "the built-in report template is missing from Culprit's resources: reinstall Culprit")
            }
            return text
        }
    }

    /// The template at `path`, or the built-in one.
    /// - Throws: `CulpritError.badInput` when the file cannot be read or is not a Mustache template.
    public init(templatePath: String? = nil) throws {
        let text: String
        if let templatePath {
            guard let data = FileManager.default.contents(atPath: templatePath),
                let body = String(data: data, encoding: .utf8)
            else {
                throw CulpritError.badInput(
                    "cannot read the report template \(templatePath): check --report-template")
            }
            text = body
            source = templatePath
        } else {
            text = try Self.builtInText
            source = "built-in"
        }
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text)
        } catch {
            throw CulpritError.badInput(
                "the report template \(source) is not a valid Mustache template: \(error); fix it or leave out "
                    + "--report-template")
        }
    }

    /// The report for `result`.
    public func render(_ result: BisectionResult, details: Details) -> String {
        template.render(Self.context(result, details: details))
    }

    /// The values the template sees.
    static func context(_ result: BisectionResult, details: Details) -> [String: Any] {
        var context: [String: Any] = [
            "found": result.outcome == .found && result.culprit != nil,
            "isFix": result.mode == .fix,
            "outcome": Self.outcomeText(result.outcome),
            "reason": result.reason,
            "tree": details.tree,
            "start": details.start,
            "confidence": Self.percent(result.confidence),
            "revisionsTested": "\(result.revisionsTested)",
            "builds": "\(result.builds)",
            "testRuns": "\(result.testRuns)",
            "buildTime": Self.duration(result.buildSeconds),
            "testTime": Self.duration(result.testSeconds),
            "warnings": result.warnings,
            "hasWarnings": !result.warnings.isEmpty,
            "version": Version.current,
        ]
        if let title = details.startTitle { context["startTitle"] = title }
        if let good = details.good { context["good"] = good }
        if let target = details.target { context["target"] = Self.percent(target) }
        if let culprit = result.culprit {
            var entry: [String: Any] = ["hash": culprit.hash, "title": culprit.title, "author": culprit.author]
            if let date = details.culpritDate { entry["date"] = date }
            context["culprit"] = entry
        }
        let uncertain = result.outcome != .found || details.target.map { result.confidence < $0 } ?? false
        let candidates = uncertain ? Array(result.candidates.prefix(5)) : []
        context["candidates"] = candidates.map {
            ["percent": Self.percent($0.probability), "hash": $0.hash, "title": $0.title] as [String: Any]
        }
        context["hasCandidates"] = !candidates.isEmpty
        if let crash = result.crash {
            var entry: [String: Any] = ["title": crash.title]
            if let report = crash.report?.trimmingCharacters(in: .newlines), !report.isEmpty { entry["report"] = report }
            context["crash"] = entry
        }
        let to = result.recipients?.to.map(\.formatted) ?? []
        let cc = result.recipients?.cc.map(\.formatted) ?? []
        context["recipients"] = [
            "to": to.joined(separator: ", "), "cc": cc.joined(separator: ", "), "hasTo": !to.isEmpty,
            "hasCc": !cc.isEmpty,
        ] as [String: Any]
        var trailers: [String] = []
        if let reportedBy = details.reportedBy, !reportedBy.isEmpty { trailers.append("Reported-by: \(reportedBy)") }
        if result.outcome == .found, let culprit = result.culprit {
            trailers.append("Fixes: \(culprit.hash.prefix(12)) (\"\(culprit.title)\")")
        }
        context["trailers"] = trailers
        context["hasTrailers"] = !trailers.isEmpty
        var paths: [String: Any] = [
            "state": result.stateDirectory, "log": details.logPath ?? result.stateDirectory + "/journal.jsonl",
        ]
        if let console = details.consolePath { paths["console"] = console }
        if let config = details.configPath { paths["config"] = config }
        if let original = details.originalConfigPath { paths["originalConfig"] = original }
        if let reproducer = details.reproducerPath { paths["reproducer"] = reproducer }
        context["paths"] = paths
        return context
    }

    static func outcomeText(_ outcome: BisectionResult.Outcome) -> String {
        switch outcome {
        case .found: "found"
        case .inconclusive: "inconclusive"
        case .notReproducible: "not reproducible"
        case .noCleanRelease: "no clean release"
        }
    }

    static func percent(_ p: Double) -> String { String(format: "%.1f%%", p * 100) }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
