import Foundation
import Hummingbird
import NIOCore
import Store
import Worker

extension CulpritServer {
    /// The worker API (`culprit worker --server URL --token T`), every route behind a token:
    ///
    /// - `POST /api/workers` (a ``WorkerInfo``): registers the worker, or refreshes its heartbeat;
    /// - `POST /api/workers/:worker/claim` (`{"backends": [...], "lease_seconds": S}`): the next
    ///   job (200) or none (204);
    /// - `POST /api/workers/:worker/jobs/:id/renew|release|finish|events` and
    ///   `PUT .../artifacts/:name`: the lease-fenced writes of a running job, 409 once the worker
    ///   no longer holds its lease.
    ///
    /// Each is one call of the server's store, so the lease rules are the store's own, whichever
    /// way a worker reaches it. Bodies are limited to ``ServerWorkerStore/bodyLimit`` (413 over it).
    func addWorkerAPI(to router: Router<BasicRequestContext>) {
        router.get("/api/workers") { _, _ -> Response in
            let workers = try await store.workers()
            return try Self.json([
                "workers": workers.map {
                    [
                        "id": $0.info.id, "host": $0.info.host, "backends": $0.info.backends, "slots": $0.info.slots,
                        "started_at": $0.startedAt, "heartbeat_at": $0.heartbeatAt,
                    ] as [String: Any]
                }
            ])
        }

        router.post("/api/workers") { request, context -> Response in
            let who = try await authorizedToken(request, for: .worker)
            var request = request
            let info = try await Self.body(WorkerInfo.self, of: &request, what: "a worker (id, host, backends, slots)")
            try Self.checkWorkerID(info.id)
            guard !info.host.isEmpty, info.host.utf8.count <= 255 else {
                throw APIError(.unprocessableContent, "host must have 1 to 255 characters")
            }
            guard (1...64).contains(info.slots) else {
                throw APIError(.unprocessableContent, "slots must be from 1 to 64, not \(info.slots)")
            }
            guard !info.backends.isEmpty, info.backends.allSatisfy({ ["command", "kernel"].contains($0) }) else {
                throw APIError(
                    .unprocessableContent, "backends must name one or more of command, kernel, not \(info.backends)")
            }
            let owner = try await store.registerWorker(info, token: who.id)
            try Self.checkOwner(owner, of: info.id, token: who)
            if owner == .unregistered {
                context.logger.info("worker \(info.id) on \(info.host) registered with the token '\(who.name)'")
            }
            return try Self.json(["id": info.id, "registered": true], status: owner == .unregistered ? .created : .ok)
        }

        router.post("/api/workers/:worker/claim") { request, context -> Response in
            let worker = try await authorizeWorker(request, context)
            var request = request
            let claim = try await Self.body(
                ServerWorkerStore.ClaimRequest.self, of: &request, what: "a claim (backends, lease_seconds)")
            let lease = try Self.lease(claim.leaseSeconds)
            guard let job = try await store.claim(worker: worker, backends: claim.backends, lease: lease) else {
                return Response(status: .noContent)
            }
            context.logger.info("job \(job.id) claimed by worker \(worker) over HTTP (attempt \(job.attempts))")
            return try Self.encoded(job)
        }

        router.post("/api/workers/:worker/jobs/:id/renew") { request, context -> Response in
            let (worker, job) = (try await authorizeWorker(request, context), try Self.jobID(context))
            var request = request
            let body = try await Self.body(
                ServerWorkerStore.LeaseRequest.self, of: &request, what: "a lease (lease_seconds)")
            let held = try await store.renew(job: job, worker: worker, lease: try Self.lease(body.leaseSeconds))
            return try Self.leaseAnswer(held, job: job, worker: worker)
        }

        router.post("/api/workers/:worker/jobs/:id/release") { request, context -> Response in
            let (worker, job) = (try await authorizeWorker(request, context), try Self.jobID(context))
            let held = try await store.release(job: job, worker: worker)
            if held { context.logger.info("job \(job) released by worker \(worker): back in the queue") }
            return try Self.leaseAnswer(held, job: job, worker: worker)
        }

        router.post("/api/workers/:worker/jobs/:id/finish") { request, context -> Response in
            let (worker, job) = (try await authorizeWorker(request, context), try Self.jobID(context))
            var request = request
            let finish = try await Self.body(JobFinish.self, of: &request, what: "a job's end (state, outcome, ...)")
            guard finish.state.isFinal else {
                throw APIError(
                    .unprocessableContent, "a job cannot finish as \(finish.state.rawValue): use finished or failed")
            }
            let held = try await store.finish(job: job, worker: worker, finish: finish)
            return try Self.leaseAnswer(held, job: job, worker: worker)
        }

        router.post("/api/workers/:worker/jobs/:id/events") { request, context -> Response in
            let (worker, job) = (try await authorizeWorker(request, context), try Self.jobID(context))
            var request = request
            let body = try await Self.body(
                ServerWorkerStore.AppendRequest.self, of: &request, what: "events ({\"events\": [{kind, body}]})")
            guard body.events.allSatisfy({ !$0.kind.isEmpty && $0.kind.utf8.count <= 64 && $0.kind != "state" }) else {
                throw APIError(
                    .unprocessableContent,
                    "every event needs a kind of 1 to 64 characters other than 'state' (the store's own)")
            }
            if let batch = body.batch, batch.isEmpty || batch.utf8.count > 100 {
                throw APIError(.unprocessableContent, "batch must have 1 to 100 characters, not \(batch.utf8.count)")
            }
            guard let ids = try await store.append(job: job, worker: worker, events: body.events, batch: body.batch)
            else {
                return try Self.leaseAnswer(false, job: job, worker: worker)
            }
            return try Self.encoded(ServerWorkerStore.AppendResponse(ids: ids))
        }

        router.put("/api/workers/:worker/jobs/:id/artifacts/:name") { request, context -> Response in
            let (worker, job) = (try await authorizeWorker(request, context), try Self.jobID(context))
            let name = context.parameters.get("name") ?? ""
            guard !name.isEmpty, name.utf8.count <= 200, !name.contains("/"), !name.hasPrefix(".") else {
                throw APIError(
                    .unprocessableContent,
                    "an artifact's name must be 1 to 200 characters, without '/' or a leading '.'")
            }
            var request = request
            let content = String(buffer: try await request.collectBody(upTo: ServerWorkerStore.bodyLimit))
            let held = try await store.putArtifact(job: job, worker: worker, name: name, content: content)
            return try Self.leaseAnswer(held, job: job, worker: worker)
        }
    }

    /// The worker id of a worker API request, once its token may act as it: a worker-scoped (or
    /// `all`) token, and the one that registered this worker (403 otherwise).
    func authorizeWorker(_ request: Request, _ context: BasicRequestContext) async throws -> String {
        let token = try await authorizedToken(request, for: .worker)
        let worker = try Self.workerID(context)
        let owner = try await store.workerOwner(worker)
        guard owner != .unregistered else {
            throw APIError(
                .forbidden,
                "worker \(worker) is not registered: register it with this token first (POST /api/workers)")
        }
        try Self.checkOwner(owner, of: worker, token: token)
        return worker
    }

    /// 403 unless `owner` is `token`: a token acts only as the workers it registered.
    static func checkOwner(_ owner: WorkerOwner, of worker: String, token: TokenRecord) throws {
        switch owner {
        case .unregistered, .token(token.id): return
        case .database:
            throw APIError(
                .forbidden,
                "worker \(worker) works on the database itself, not through this server: "
                    + "give this worker another id (culprit worker --id)")
        case .token:
            throw APIError(
                .forbidden,
                "worker \(worker) was registered with another token, and a token acts only as the workers it "
                    + "registered: use that worker's token, or give this worker another id (culprit worker --id)")
        }
    }

    /// 200 while the worker holds the job's lease, 409 once it does not.
    static func leaseAnswer(_ held: Bool, job: Int64, worker: String) throws -> Response {
        guard held else {
            throw APIError(
                .conflict,
                "worker \(worker) does not hold job \(job): its lease expired and another worker took it, or it was cancelled"
            )
        }
        return try json(["held": true])
    }

    /// A JSON request body decoded as `T`; 400 naming `what` is expected when it cannot be read.
    static func body<T: Decodable>(_ type: T.Type, of request: inout Request, what: String) async throws -> T {
        let buffer = try await request.collectBody(upTo: ServerWorkerStore.bodyLimit)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError(.badRequest, "the request body is not \(what) as JSON: \(Self.decodingProblem(error))")
        }
    }

    /// A decoding error in a sentence (which key, what was wrong).
    static func decodingProblem(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "'\(key.stringValue)' is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            "'\(c.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted(let c):
            c.codingPath.isEmpty
                ? "it is not JSON" : "'\(c.codingPath.map(\.stringValue).joined(separator: "."))' is not valid"
        default: String(describing: error)
        }
    }

    /// An Encodable value as a JSON response.
    static func encoded(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func checkWorkerID(_ id: String) throws {
        guard !id.isEmpty, id.utf8.count <= 200, id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f })
        else {
            throw APIError(
                .unprocessableContent, "a worker id must have 1 to 200 characters, without spaces or control characters"
            )
        }
    }

    static func workerID(_ context: BasicRequestContext) throws -> String {
        let id = context.parameters.get("worker") ?? ""
        try checkWorkerID(id)
        return id
    }

    static func lease(_ seconds: Double) throws -> Duration {
        guard seconds.isFinite, seconds >= 2, seconds <= 3600 else {
            throw APIError(.unprocessableContent, "lease_seconds must be from 2 to 3600, not \(seconds)")
        }
        return .milliseconds(Int(seconds * 1000))
    }
}
