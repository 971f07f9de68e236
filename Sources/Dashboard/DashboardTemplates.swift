import Foundation
import JobPage
import Model
import Store

/// The dashboard's HTML pages: the job list and the job page, rendered from the page templates
/// of `JobPage` (``PageTemplates``), the same `job` template as a local job's self-contained page
/// (`--html`), so the two never drift; plus the script of the live pages.
public struct DashboardTemplates: Sendable {
    let pages: PageTemplates
    /// The hand-written script of the live pages (served at `/static/dashboard.js`).
    public let script: String

    public init() throws {
        guard
            let script = Bundle.module.path(forResource: "dashboard", ofType: "js")
                .flatMap({ try? String(contentsOfFile: $0, encoding: .utf8) })
        else { throw CulpritError.infrastructure("the dashboard's script is missing from the installation") }
        pages = try PageTemplates()
        self.script = script
    }

    /// The job list.
    public func jobList(_ jobs: [JobRecord], counts: [JobState: Int], workers: [WorkerRecord], now: Double) -> String {
        let context: [String: Any] = [
            "title": "Culprit jobs",
            "live": true,
            "served": true,
            "jobs": jobs.map { Self.row($0, now: now) },
            "empty": jobs.isEmpty,
            "counts": JobState.allCases.map { ["state": $0.rawValue, "n": counts[$0] ?? 0] },
            "workers": workers.map {
                [
                    "id": $0.info.id, "host": $0.info.host, "backends": $0.info.backends.joined(separator: ", "),
                    "slots": $0.info.slots, "seen": Self.age(now - $0.heartbeatAt),
                ] as [String: Any]
            },
        ]
        return pages.render(context, template: "jobs")
    }

    /// A job's page; `live` adds the script that follows its events while it runs.
    public func jobPage(_ report: JobReport, live: Bool) -> String {
        pages.jobPage(report, live: live)
    }

    /// A job as one row of the list (and the top of its page).
    /// (A Mustache section shows for any present value, even an empty string: absent values are left out.)
    static func row(_ job: JobRecord, now: Double) -> [String: Any] {
        var row: [String: Any] = [
            "id": job.id, "state": job.state.rawValue, "repository": job.repository, "bad": job.bad,
            "submitted": age(now - job.submittedAt) + " ago", "attempts": job.attempts,
        ]
        row["crash"] = job.title
        row["culprit"] = job.culprit.map { String($0.prefix(12)) }
        row["culpritFull"] = job.culprit
        row["outcome"] = job.outcome?.replacingOccurrences(of: "_", with: " ")
        row["confidence"] = job.confidence.map { String(format: "%.1f%%", $0 * 100) }
        row["duration"] = job.startedAt.map { age((job.finishedAt ?? now) - $0) }
        row["worker"] = job.leaseOwner
        row["error"] = job.error
        return row
    }

    /// "3 s", "4 min", "2 h", "5 d".
    static func age(_ seconds: Double) -> String {
        let s = max(0, seconds)
        if s < 90 { return "\(Int(s)) s" }
        if s < 5400 { return "\(Int(s / 60)) min" }
        if s < 172_800 { return "\(Int(s / 3600)) h" }
        return "\(Int(s / 86400)) d"
    }
}
