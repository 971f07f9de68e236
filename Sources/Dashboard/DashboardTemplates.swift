import Foundation
import Mustache
import Store
import Model

/// The dashboard's HTML pages, rendered from the Mustache templates in this module's resources
/// (`templates/*.mustache`): the job list and the job page. A job's self-contained HTML report
/// uses the same `job` template, so the two never drift.
public struct DashboardTemplates: Sendable {
    let library: MustacheLibrary
    /// The hand-written script of the live pages (served at `/static/dashboard.js`).
    public let script: String

    public init() async throws {
        guard let directory = Bundle.module.resourcePath.map({ $0 + "/templates" }),
            let script = Bundle.module.path(forResource: "dashboard", ofType: "js")
                .flatMap({ try? String(contentsOfFile: $0, encoding: .utf8) })
        else { throw CulpritError.infrastructure("the dashboard's templates are missing from the installation") }
        library = try await MustacheLibrary(directory: directory)
        self.script = script
    }

    /// The job list.
    public func jobList(_ jobs: [JobRecord], counts: [JobState: Int], workers: [WorkerRecord], now: Double) -> String {
        let context: [String: Any] = [
            "title": "Culprit jobs",
            "live": true,
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
        return library.render(context, withTemplate: "jobs") ?? ""
    }

    /// A job's page; `live` adds the script that follows its events while it runs.
    public func jobPage(_ view: JobView, now: Double, live: Bool) -> String {
        let job = view.job
        var context = Self.row(job, now: now)
        context["title"] = "Culprit job \(job.id)"
        context["live"] = live && !job.state.isFinal
        context["lastEventID"] = view.lastEventID
        context["log"] = view.log.joined(separator: "\n")
        context["hasLog"] = !view.log.isEmpty
        context["chart"] = view.chart.svg
        context["progress"] = view.progress
        context["timeline"] = view.timeline.enumerated().map { i, r in
            [
                "n": i + 1, "commit": String(r.commit.prefix(12)), "verdict": r.verdict,
                "class": r.verdict.hasPrefix("bad") ? "bad" : r.verdict.hasPrefix("good") ? "good" : "skip",
            ] as [String: Any]
        }
        context["crashReport"] = view.crashReport
        context["hasCrashReport"] = view.crashReport != nil
        context["recipients"] = view.recipients.map {
            ["kind": $0.kind, "name": $0.name, "email": $0.email, "roles": $0.roles]
        }
        context["hasRecipients"] = !view.recipients.isEmpty
        context["email"] = view.emailText
        context["hasEmail"] = view.emailText != nil
        context["artifacts"] = view.artifacts.map { ["name": $0.name, "size": $0.size, "job": job.id] as [String: Any] }
        context["spec"] = job.spec
        return library.render(context, withTemplate: "job") ?? ""
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
