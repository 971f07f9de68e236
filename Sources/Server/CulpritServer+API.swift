import Foundation
import Hummingbird
import Store
import Worker

extension CulpritServer {
    /// `/api/jobs...`: submit, list, get, cancel, retry, log, artifacts.
    func addAPI(to router: Router<BasicRequestContext>) {
        router.post("/api/jobs") { request, context -> Response in
            let submitter = try await authorize(request, for: .submit)
            var request = request
            let body = try await request.collectBody(upTo: settings.maxBodyBytes)
            let spec = String(buffer: body)
            guard !spec.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError(.badRequest, "the request body is empty: send the job spec (YAML or JSON) as the body")
            }
            let priority = try request.uri.queryParameters.get("priority").map { text in
                guard let p = Int(text), (-1000...1000).contains(p) else {
                    throw APIError(.badRequest, "priority must be a whole number from -1000 to 1000, not '\(text)'")
                }
                return p
            }
            let job = try ServiceJob(spec: spec)
            let record = try await store.submit(
                NewJob(
                    spec: spec, backend: job.backend, repository: job.repository, bad: job.bad, priority: priority ?? 0,
                    submittedBy: submitter))
            context.logger.info("job \(record.id) submitted by \(submitter): \(record.repository) \(record.bad)")
            return try Self.json(try Self.jobObject(record, baseURL: baseURL), status: .created)
        }

        router.get("/api/jobs") { request, _ -> Response in
            let filter = try Self.filter(request.uri.queryParameters)
            let jobs = try await store.jobs(filter)
            return try Self.json(["jobs": try jobs.map { try Self.jobObject($0, baseURL: baseURL) }])
        }

        router.get("/api/jobs/:id") { _, context -> Response in
            let job = try await requireJob(try Self.jobID(context))
            return try Self.json(try Self.jobObject(job, baseURL: baseURL))
        }

        router.post("/api/jobs/:id/cancel") { request, context -> Response in
            let who = try await authorize(request, for: .submit)
            let job = try await store.cancel(job: try Self.jobID(context))
            context.logger.info("job \(job.id) cancelled by \(who)")
            return try Self.json(try Self.jobObject(job, baseURL: baseURL))
        }

        router.post("/api/jobs/:id/retry") { request, context -> Response in
            let who = try await authorize(request, for: .submit)
            let job = try await store.retry(job: try Self.jobID(context))
            context.logger.info("job \(job.id) queued again by \(who)")
            return try Self.json(try Self.jobObject(job, baseURL: baseURL))
        }

        router.get("/api/jobs/:id/log") { _, context -> Response in
            let id = try Self.jobID(context)
            _ = try await requireJob(id)
            var lines: [String] = []
            var after: Int64 = 0
            while true {
                let page = try await store.events(job: id, after: after, kinds: ["log"], limit: 5000)
                lines += page.map(\.body)
                guard let last = page.last, page.count == 5000 else { break }
                after = last.id
            }
            return Self.text(lines.map { $0 + "\n" }.joined(), "text/plain; charset=utf-8")
        }

        router.get("/api/jobs/:id/artifacts") { _, context -> Response in
            let id = try Self.jobID(context)
            _ = try await requireJob(id)
            let list = try await store.artifacts(job: id)
            return try Self.json(["artifacts": list.map { ["name": $0.name, "size": $0.size] }])
        }

        router.get("/api/jobs/:id/artifacts/:name") { _, context -> Response in
            let id = try Self.jobID(context)
            let name = context.parameters.get("name") ?? ""
            guard let content = try await store.artifact(job: id, name: name) else {
                throw APIError(.notFound, "job \(id) has no artifact '\(name)'")
            }
            return Self.text(content, "text/plain; charset=utf-8")
        }
    }

    /// `?state=running&state=queued&repo=URL&limit=N&before=ID`.
    static func filter(_ query: Parameters) throws -> JobFilter {
        var filter = JobFilter()
        for name in query.getAll("state") {
            guard let state = JobState(rawValue: name) else {
                throw APIError(
                    .badRequest,
                    "unknown state '\(name)': use \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.states.append(state)
        }
        filter.repository = query.get("repo")
        if let text = query.get("limit") {
            guard let limit = Int(text), (1...1000).contains(limit) else {
                throw APIError(.badRequest, "limit must be a whole number from 1 to 1000, not '\(text)'")
            }
            filter.limit = limit
        }
        if let text = query.get("before") {
            guard let before = Int64(text) else { throw APIError(.badRequest, "before must be a job id, not '\(text)'") }
            filter.before = before
        }
        return filter
    }
}
