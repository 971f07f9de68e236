import Dashboard
import Foundation
import Hummingbird
import JobPage
import Store

extension CulpritServer {
    /// The dashboard: `/` (job list), `/jobs/:id` (job page), `/static/dashboard.js`.
    func addPages(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ -> Response in
            let filter = try Self.filter(request.uri.queryParameters)
            async let jobs = store.jobs(filter)
            async let counts = store.countsByState()
            async let workers = store.workers()
            let html = templates.jobList(try await jobs, counts: try await counts, workers: try await workers, now: Date().timeIntervalSince1970)
            return Self.text(html, "text/html; charset=utf-8")
        }

        router.get("/jobs/:id") { _, context -> Response in
            let report = try await jobReport(try Self.jobID(context))
            return Self.text(templates.jobPage(report, live: true), "text/html; charset=utf-8")
        }

        router.get("/static/dashboard.js") { _, _ -> Response in
            Self.text(templates.script, "text/javascript; charset=utf-8")
        }
    }

    /// Everything the job page shows.
    func jobReport(_ id: Int64) async throws -> JobReport {
        let job = try await requireJob(id)
        var events: [EventRecord] = []
        var after: Int64 = 0
        while true {
            let page = try await store.events(job: id, after: after, kinds: nil, limit: 5000)
            events += page
            guard let last = page.last, page.count == 5000 else { break }
            after = last.id
        }
        let artifacts = try await store.artifacts(job: id)
        let report = try await store.artifact(job: id, name: "crash-report.txt")
        return JobReport(
            job: job, events: events, artifacts: artifacts, crashReport: report, baseURL: baseURL,
            now: Date().timeIntervalSince1970)
    }
}
