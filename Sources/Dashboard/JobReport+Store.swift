import Foundation
import JobPage
import Model
import ReportEmail
import Store

extension JobReport {
    /// A stored job's page: its engine events (decoded; an event this version does not know is
    /// left out), its log, its result, and what the store adds (attempts, worker, artifacts, the
    /// email a maintainer would get).
    /// - Parameters:
    ///   - crashReport: the stored crash report artifact, when there is one (fuller than the result's).
    ///   - baseURL: the server's address, for the links in the email.
    public init(
        job: JobRecord, events: [EventRecord], artifacts: [ArtifactInfo], crashReport: String?, baseURL: String, now: Double
    ) {
        let decoder = JSONDecoder()
        var engineEvents: [JobEvent] = events.compactMap { record in
            guard record.kind != "log", record.kind != "state" else { return nil }
            return try? decoder.decode(JobEvent.self, from: Data(record.body.utf8))
        }
        let result = job.result.flatMap { try? decoder.decode(BisectionResult.self, from: Data($0.utf8)) }
        if let result, !engineEvents.contains(where: { if case .result = $0 { true } else { false } }) {
            engineEvents.append(.result(result))
        }
        self.init(
            title: "Job \(job.id)", state: job.state.rawValue, events: engineEvents,
            log: events.filter { $0.kind == "log" }.map(\.body))
        if bad == nil { bad = job.bad }
        crashTitle = job.title
        if let crashReport { self.crashReport = crashReport }
        let email = result.flatMap { result -> String? in
            var details = BisectionReport.Details(tree: job.repository, start: job.bad)
            details.good = result.goodCommit
            details.logPath = "\(baseURL)/api/jobs/\(job.id)/log"
            return (try? BisectionReport())?.render(result, details: details)
        }
        service = Service(
            id: String(job.id), repository: job.repository, attempts: job.attempts, worker: job.leaseOwner,
            submitted: DashboardTemplates.age(now - job.submittedAt) + " ago", error: job.error, spec: job.spec,
            artifacts: artifacts.map { .init(name: $0.name, size: $0.size) }, email: email,
            lastEventID: events.last?.id ?? 0)
    }
}
