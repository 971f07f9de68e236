import Foundation
import Hummingbird
import ServiceLifecycle
import Store

extension CulpritServer {
    /// `GET /api/jobs/:id/events`: the job's events as server-sent events (`id`, `event` = kind,
    /// `data`), from the `Last-Event-ID` header (a reconnecting client) or `?after=ID`, following
    /// the job until it ends or for ``ServerSettings/streamLimit`` (the client reconnects);
    /// `?follow=false` (or `Accept: application/json`) returns the stored ones as JSON instead
    /// (`limit`, default 10,000; `kind=K`, repeated, to keep only those kinds), as workers that
    /// run through the server read a job's past.
    /// On graceful shutdown (SIGTERM, SIGINT) an open stream ends within a poll interval, so that
    /// the server can stop; a browser's EventSource reconnects with `Last-Event-ID` elsewhere.
    func addEvents(to router: Router<BasicRequestContext>) {
        router.get("/api/jobs/:id/events") { request, context -> Response in
            let id = try Self.jobID(context)
            _ = try await requireJob(id)
            let query = request.uri.queryParameters
            let lastEventID = request.headers.first { $0.name.canonicalName == "last-event-id" }?.value
            // A reconnecting EventSource repeats its first URL: its Last-Event-ID is the newer.
            let afterText = lastEventID ?? query.get("after") ?? "0"
            guard let after = Int64(afterText), after >= 0 else {
                throw APIError(.badRequest, "after must be an event id (a whole number), not '\(afterText)'")
            }
            let wantsJSON = query.get("follow") == "false" || request.headers[.accept] == "application/json"
            if wantsJSON {
                let limitText = query.get("limit") ?? "10000"
                guard let limit = Int(limitText), (1...100_000).contains(limit) else {
                    throw APIError(.badRequest, "limit must be a whole number from 1 to 100000, not '\(limitText)'")
                }
                let kinds = query.getAll("kind")
                let events = try await store.events(job: id, after: after, kinds: kinds.isEmpty ? nil : kinds, limit: limit)
                return try Self.json([
                    "events": events.map {
                        [
                            "id": $0.id, "job": $0.job, "at": $0.at, "kind": $0.kind, "body": $0.body,
                            "worker": $0.worker ?? NSNull(),
                        ] as [String: Any]
                    }
                ])
            }
            let store = self.store
            let limit = settings.streamLimit
            let body = ResponseBody { writer in
                var cursor = after
                var idle = ContinuousClock.now
                let opened = idle
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                while !Task.isCancelled && !Task.isShuttingDownGracefully && ContinuousClock.now - opened < limit {
                    let events = try await store.events(job: id, after: cursor, kinds: nil, limit: 500)
                    if !events.isEmpty {
                        var text = ""
                        for e in events { text += Self.sse(e) }
                        try await writer.write(ByteBuffer(string: text))
                        cursor = events.last!.id
                        idle = ContinuousClock.now
                        if events.count == 500 { continue }
                    }
                    if let job = try await store.job(id), job.state.isFinal {
                        // Events written with the final state are already read; the stream ends.
                        let rest = try await store.events(job: id, after: cursor, kinds: nil, limit: 10_000)
                        if !rest.isEmpty { try await writer.write(ByteBuffer(string: rest.map(Self.sse).joined())) }
                        break
                    }
                    if ContinuousClock.now - idle > .seconds(15) {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        idle = ContinuousClock.now
                    }
                    try await Task.sleep(for: .milliseconds(250))
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: body)
        }
    }

    /// One event in the SSE wire format; multi-line bodies become several `data:` lines.
    static func sse(_ event: EventRecord) -> String {
        var s = "id: \(event.id)\nevent: \(event.kind)\n"
        for line in event.body.split(separator: "\n", omittingEmptySubsequences: false) { s += "data: \(line)\n" }
        return s + "\n"
    }
}
