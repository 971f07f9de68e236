import Foundation
import Store

/// What the dashboard's job page (and a job's HTML report) shows, read from the stored job,
/// its events and its result: a plain value that a template renders.
public struct JobView: Sendable {
    public var job: JobRecord
    /// The syzbot-like log, line by line.
    public var log: [String]
    /// Revisions tested, in order.
    public var timeline: [Revision]
    public var chart: PosteriorChart
    public var crashReport: String?
    public var recipients: [Recipient]
    public var emailText: String?
    public var artifacts: [ArtifactInfo]
    /// The latest progress summary of a running job.
    public var progress: String?
    /// The id of the last event shown (live updates continue after it).
    public var lastEventID: Int64

    /// One revision on the timeline.
    public struct Revision: Sendable, Hashable {
        public var commit: String
        public var build: String?
        public var runs: Int
        public var crashes: Int
        public var verdict: String
    }

    public struct Recipient: Sendable, Hashable {
        public var name: String
        public var email: String
        public var kind: String
        public var roles: String
    }

    public init(job: JobRecord, events: [EventRecord], artifacts: [ArtifactInfo], crashReport: String?, baseURL: String) {
        self.job = job
        self.artifacts = artifacts
        log = events.filter { $0.kind == "log" }.map(\.body)
        lastEventID = events.last?.id ?? 0
        var points: [PosteriorChart.Point] = []
        var summary: String?
        for event in events where event.kind == "progress" {
            guard let object = Self.object(event.body)?["progress"] as? [String: Any] else { continue }
            summary = object["summary"] as? String
            if let best = object["best_probability"] as? Double, let left = object["candidates_left"] as? Int,
                object["phase"] as? String == "bisecting" || object["phase"] as? String == "checking"
            {
                points.append(PosteriorChart.Point(best: best, candidates: left))
            }
        }
        chart = PosteriorChart(points: points)
        progress = job.state == .running ? summary : nil
        timeline = Self.timeline(events.filter { ["build_finished", "run_finished", "verdict"].contains($0.kind) }.map(\.body))
        let result = job.result.flatMap(Self.object)
        let crash = result?["crash"] as? [String: Any]
        self.crashReport = crashReport ?? crash?["report"] as? String
        var people: [Recipient] = []
        if let r = result?["recipients"] as? [String: Any] {
            for (kind, key) in [("To", "to"), ("Cc", "cc")] {
                for p in r[key] as? [[String: Any]] ?? [] {
                    people.append(
                        Recipient(
                            name: p["name"] as? String ?? "", email: p["email"] as? String ?? "", kind: kind,
                            roles: (p["roles"] as? [String] ?? []).joined(separator: ", ")))
                }
            }
        }
        recipients = people
        emailText = result.map { Self.email(job: job, result: $0, recipients: people, baseURL: baseURL) }
    }

    static func object(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// The revisions from the engine's events (`build_finished`, `run_finished`, `verdict`),
    /// one entry per commit in the order first tested, with its last verdict.
    static func timeline(_ records: [String]) -> [Revision] {
        var order: [String] = []
        var byCommit: [String: Revision] = [:]
        var verdicts: [String: String] = [:]
        for line in records {
            guard let r = object(line), let commit = r["commit"] as? String else { continue }
            if byCommit[commit] == nil {
                order.append(commit)
                byCommit[commit] = Revision(commit: commit, build: nil, runs: 0, crashes: 0, verdict: "")
            }
            switch r["event"] as? String {
            case "build_finished": byCommit[commit]?.build = (r["build"] as? [String: Any])?["status"] as? String
            case "run_finished":
                byCommit[commit]?.runs += 1
                if ((r["run"] as? [String: Any])?["outcome"] as? [String: Any])?["kind"] as? String == "crashed" {
                    byCommit[commit]?.crashes += 1
                }
            case "verdict": verdicts[commit] = r["verdict"] as? String
            default: break
            }
        }
        return order.compactMap { commit in
            guard var r = byCommit[commit] else { return nil }
            let counts = r.runs == 0 ? "" : " (crashed \(r.crashes)/\(r.runs))"
            r.verdict = r.build == "failed" ? "build failed" : (verdicts[commit] ?? "tested") + counts
            return r
        }
    }

    /// The result as an email a kernel engineer can send as is.
    static func email(job: JobRecord, result: [String: Any], recipients: [Recipient], baseURL: String) -> String {
        let crash = (result["crash"] as? [String: Any])?["title"] as? String ?? job.title ?? "the crash"
        let mode = result["mode"] as? String == "fix" ? "fix" : "cause"
        var lines: [String] = []
        let to = recipients.filter { $0.kind == "To" }.map { "\($0.name.isEmpty ? "" : $0.name + " ")<\($0.email)>" }
        let cc = recipients.filter { $0.kind == "Cc" }.map { "\($0.name.isEmpty ? "" : $0.name + " ")<\($0.email)>" }
        if !to.isEmpty { lines.append("To: " + to.joined(separator: ", ")) }
        if !cc.isEmpty { lines.append("Cc: " + cc.joined(separator: ", ")) }
        lines.append("Subject: Re: \(crash)")
        lines.append("")
        if let culprit = result["culprit"] as? [String: Any], let hash = culprit["hash"] as? String {
            let confidence = (result["confidence"] as? Double).map { String(format: "%.1f%%", $0 * 100) } ?? "?"
            lines.append("Culprit bisected this \(mode == "fix" ? "fix" : "crash") to:")
            lines.append("")
            lines.append("commit \(hash)")
            lines.append("Author: \(culprit["author"] as? String ?? "")")
            lines.append("")
            lines.append("    \(culprit["title"] as? String ?? "")")
            lines.append("")
            lines.append("confidence: \(confidence)")
        } else {
            lines.append("Culprit could not name one commit: \(result["reason"] as? String ?? job.outcome ?? "no result").")
        }
        if let candidates = result["candidates"] as? [[String: Any]], candidates.count > 1, result["culprit"] == nil {
            lines.append("candidates:")
            for c in candidates.prefix(5) {
                lines.append(
                    String(format: "  %@ %@ (%.1f%%)", (c["hash"] as? String ?? "").prefix(12).description,
                        c["title"] as? String ?? "", (c["probability"] as? Double ?? 0) * 100))
            }
        }
        lines.append("")
        lines.append("crash: \(crash)")
        lines.append("start commit: \(job.bad) in \(job.repository)")
        lines.append(
            "tested: \(result["revisions_tested"] as? Int ?? 0) revisions, \(result["builds"] as? Int ?? 0) builds, \(result["test_runs"] as? Int ?? 0) runs")
        lines.append("bisection log: \(baseURL)/api/jobs/\(job.id)/log")
        lines.append("job: \(baseURL)/jobs/\(job.id)")
        for warning in result["warnings"] as? [String] ?? [] { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n")
    }
}
