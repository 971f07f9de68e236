import Foundation
import Model
import Store

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The store of a worker that talks to `culprit serve` instead of the database
/// (`culprit worker --server URL --token T`): every ``WorkerStore`` call is one request to the
/// server's worker API (`/api/workers...`), sent with the token, which the server checks and
/// forwards to its own store under the same lease rules.
///
/// - A 401 (no token, an unknown one) is a `CulpritError.badInput` naming the problem: the
///   worker's first registration fails with it and the worker exits.
/// - A 409 is a lost lease: `renew`, `release`, `finish` and `putArtifact` answer false, and
///   `append` nil, as the database store does.
/// - Anything else (the server restarting, a network fault) is a `CulpritError.infrastructure`
///   that the worker's loops retry: events stay buffered in order, claims wait and try again.
///
/// The token goes only into the `Authorization` header: no message, log line or URL holds it.
public struct ServerWorkerStore: WorkerStore {
    /// The server's base URL, without a trailing slash.
    public let base: String
    private let token: String
    private let session: URLSession
    /// The server's limit on a worker request's body.
    public static let bodyLimit = 16 << 20

    /// - Throws: `CulpritError.badInput` when `server` is not an http(s) URL or the token is empty.
    public init(server: String, token: String) throws {
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else { throw CulpritError.badInput("--server must be an http:// or https:// URL, not '\(server)'") }
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CulpritError.badInput(
                "the worker's token is empty: give one from `culprit token create` (--token-file or CULPRIT_TOKEN)")
        }
        base = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        session = URLSession(configuration: configuration)
    }

    public func heartbeat(worker: WorkerInfo) async throws {
        _ = try await send("POST", "/api/workers", json: worker)
    }

    public func claim(worker: String, backends: [String], lease: Duration) async throws -> JobRecord? {
        let (status, data) = try await send(
            "POST", "/api/workers/\(Self.segment(worker))/claim",
            json: ClaimRequest(backends: backends, leaseSeconds: lease.seconds))
        guard status != 204 else { return nil }
        return try Self.decode(JobRecord.self, data, what: "the claimed job")
    }

    public func renew(job: Int64, worker: String, lease: Duration) async throws -> Bool {
        try await held("POST", jobPath(job, worker) + "/renew", json: LeaseRequest(leaseSeconds: lease.seconds))
    }

    public func release(job: Int64, worker: String) async throws -> Bool {
        try await held("POST", jobPath(job, worker) + "/release", json: [String: String]())
    }

    public func finish(job: Int64, worker: String, finish: JobFinish) async throws -> Bool {
        try await held("POST", jobPath(job, worker) + "/finish", json: finish)
    }

    public func append(job: Int64, worker: String?, events: [NewEvent], batch: String?) async throws -> [Int64]? {
        guard let worker else {
            throw CulpritError.badInput(
                "a worker appends events as itself: the server's own events are not sent over HTTP")
        }
        // One request, so that a failure leaves none of them appended (the worker sends them
        // again, with the same batch key, so that an answer lost after the server stored them
        // does not store them twice); the worker's batches keep it under the body limit.
        let (status, data) = try await send(
            "POST", jobPath(job, worker) + "/events", json: AppendRequest(events: events, batch: batch), lost: [409])
        guard status != 409 else { return nil }
        return try Self.decode(AppendResponse.self, data, what: "the appended events' ids").ids
    }

    public func events(job: Int64, after: Int64, kinds: [String]?, limit: Int) async throws -> [EventRecord] {
        // The job's events as JSON, through the route that everyone reads (the token is sent all the same).
        var query = "?follow=false&after=\(after)&limit=\(limit)"
        for kind in kinds ?? [] { query += "&kind=" + Self.segment(kind) }
        let (_, data) = try await send("GET", "/api/jobs/\(job)/events" + query, body: nil)
        return try Self.decode(EventsResponse.self, data, what: "the job's events").events
    }

    public func putArtifact(job: Int64, worker: String?, name: String, content: String) async throws -> Bool {
        guard let worker else {
            throw CulpritError.badInput("a worker stores artifacts as itself")
        }
        let (status, _) = try await send(
            "PUT", jobPath(job, worker) + "/artifacts/" + Self.segment(name), body: Data(content.utf8),
            contentType: "text/plain; charset=utf-8", lost: [409])
        return status != 409
    }

    private func jobPath(_ job: Int64, _ worker: String) -> String {
        "/api/workers/\(Self.segment(worker))/jobs/\(job)"
    }

    /// A call whose 409 means the lease is lost: true when the worker still holds it.
    private func held(_ method: String, _ path: String, json: some Encodable) async throws -> Bool {
        try await send(method, path, json: json, lost: [409]).status != 409
    }

    private func send(_ method: String, _ path: String, json: some Encodable, lost: Set<Int> = []) async throws -> (
        status: Int, data: Data
    ) {
        try await send(method, path, body: try JSONEncoder().encode(json), contentType: "application/json", lost: lost)
    }

    /// One request; the status and body of a 2xx answer (or of a status in `lost`), an error otherwise.
    private func send(
        _ method: String, _ path: String, body: Data?, contentType: String? = nil, lost: Set<Int> = []
    ) async throws -> (status: Int, data: Data) {
        guard let url = URL(string: base + path) else {
            throw CulpritError.badInput("cannot make a URL of \(base)\(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CulpritError.infrastructure(
                "cannot reach \(base) (\(method) \(url.path)): \(error.localizedDescription); is `culprit serve` running there?"
            )
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if (200..<300).contains(status) || lost.contains(status) { return (status, data) }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let message =
            ((object?["error"] as? [String: Any])?["message"] as? String)
            ?? String(decoding: data.prefix(300), as: UTF8.self)
        if status == 401 {
            throw CulpritError.badInput("\(base) refused the worker's token: \(message)")
        }
        let code: CulpritError.Code =
            (400..<500).contains(status) && status != 408 && status != 429 ? .badInput : .infrastructure
        throw CulpritError(code, "\(base) answered \(status) to \(method) \(url.path): \(message)")
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw CulpritError.infrastructure("the server's answer for \(what) cannot be read: \(error)")
        }
    }

    /// A path segment with everything but unreserved characters percent-encoded.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
