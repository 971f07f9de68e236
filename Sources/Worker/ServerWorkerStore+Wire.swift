import Store

extension ServerWorkerStore {
    /// The body of `POST /api/workers/:worker/claim`.
    public struct ClaimRequest: Codable, Sendable {
        public var backends: [String]
        public var leaseSeconds: Double

        public init(backends: [String], leaseSeconds: Double) {
            self.backends = backends
            self.leaseSeconds = leaseSeconds
        }

        enum CodingKeys: String, CodingKey {
            case backends
            case leaseSeconds = "lease_seconds"
        }
    }

    /// The body of `POST /api/workers/:worker/jobs/:id/renew`.
    public struct LeaseRequest: Codable, Sendable {
        public var leaseSeconds: Double

        public init(leaseSeconds: Double) { self.leaseSeconds = leaseSeconds }

        enum CodingKeys: String, CodingKey { case leaseSeconds = "lease_seconds" }
    }

    /// The body of `POST /api/workers/:worker/jobs/:id/events`.
    public struct AppendRequest: Codable, Sendable {
        public var events: [NewEvent]
        /// The batch's idempotency key (optional): the same key again stores nothing twice.
        public var batch: String?

        public init(events: [NewEvent], batch: String? = nil) {
            self.events = events
            self.batch = batch
        }
    }

    /// The answer to an append: the new events' ids, in order.
    public struct AppendResponse: Codable, Sendable {
        public var ids: [Int64]

        public init(ids: [Int64]) { self.ids = ids }
    }

    /// The answer of `GET /api/jobs/:id/events?follow=false`.
    struct EventsResponse: Codable {
        var events: [EventRecord]
    }
}
