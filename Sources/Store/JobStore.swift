import Foundation

/// Where jobs, their events, workers and access tokens are kept: one protocol, implemented by
/// ``SQLJobStore`` over SQLite (embedded, the default) and PostgreSQL (shared by many machines).
///
/// Every write that belongs to a running job is fenced by its lease: a worker that lost its
/// lease (it stalled past the expiry, or the job was cancelled) can no longer append events or
/// store a result, so a job taken over by another worker has exactly one writer.
public protocol JobStore: WorkerStore {
    /// Adds a job to the queue.
    func submit(_ job: NewJob) async throws -> JobRecord
    /// One job, or nil when there is none with that id.
    func job(_ id: Int64) async throws -> JobRecord?
    /// Jobs matching `filter`, newest first.
    func jobs(_ filter: JobFilter) async throws -> [JobRecord]
    /// Number of jobs in each state.
    func countsByState() async throws -> [JobState: Int]

    /// Cancels a queued or running job (its worker notices at the next heartbeat).
    func cancel(job: Int64) async throws -> JobRecord
    /// Puts a finished, failed or cancelled job back in the queue; recorded events are kept,
    /// so the next run resumes instead of redoing them.
    func retry(job: Int64) async throws -> JobRecord

    /// An artifact's content, or nil.
    func artifact(job: Int64, name: String) async throws -> String?
    /// The names and sizes of a job's artifacts.
    func artifacts(job: Int64) async throws -> [ArtifactInfo]

    /// Workers seen, most recent heartbeat first.
    func workers() async throws -> [WorkerRecord]
    /// Registers a worker through the server with a token, or refreshes its heartbeat when that
    /// token registered it; changes nothing when another token (or none) did. Returns the
    /// owner found before: `.unregistered` (now the token's), `.token(token)`, or another.
    func registerWorker(_ worker: WorkerInfo, token: Int64) async throws -> WorkerOwner
    /// Who registered the worker with this id.
    func workerOwner(_ id: String) async throws -> WorkerOwner

    /// Creates an access token for `scope`; returns the secret, which is stored only as its SHA-256.
    func createToken(name: String, scope: TokenScope) async throws -> String
    /// The token with this secret (its name and scope), or nil.
    func token(secret: String) async throws -> TokenRecord?

    /// Figures for monitoring.
    func statistics() async throws -> StoreStatistics

    /// Closes connections.
    func close() async throws
}

/// What a worker needs of the store, and all it may do: register and heartbeat, claim a job,
/// hold its lease, append its events, store its artifacts and its end. ``SQLJobStore`` is one
/// (`culprit worker --database`); the worker's HTTP client of `culprit serve` is the other
/// (`culprit worker --server URL --token T`), whose every call the server checks against a token
/// and forwards to its own store.
public protocol WorkerStore: Sendable {
    /// Records (or refreshes) a worker and its heartbeat.
    func heartbeat(worker: WorkerInfo) async throws
    /// Takes the next job a worker with `backends` can run: a queued one, or a running one whose
    /// lease expired (its worker died). Highest priority first, then oldest.
    func claim(worker: String, backends: [String], lease: Duration) async throws -> JobRecord?
    /// Extends the lease; false when the worker no longer holds it (expired and taken, cancelled).
    func renew(job: Int64, worker: String, lease: Duration) async throws -> Bool
    /// Gives a running job back to the queue (the worker is stopping); its events stay.
    func release(job: Int64, worker: String) async throws -> Bool
    /// Stores the end of a job the worker holds; false when the lease was lost.
    func finish(job: Int64, worker: String, finish: JobFinish) async throws -> Bool

    /// Appends events to a job held by `worker` (nil: the server's own events, no lease needed).
    /// Returns the events' ids, or nil when the worker no longer holds the lease. A `batch` key
    /// makes the append idempotent: the same key for the same job again stores nothing and
    /// answers the ids stored the first time (a worker sends a batch again when it got no answer).
    func append(job: Int64, worker: String?, events: [NewEvent], batch: String?) async throws -> [Int64]?
    /// Events of a job after the event id `after` (0: from the start), in order.
    func events(job: Int64, after: Int64, kinds: [String]?, limit: Int) async throws -> [EventRecord]

    /// Stores a named artifact of a job (console log, crash report); replaces one of the same name.
    func putArtifact(job: Int64, worker: String?, name: String, content: String) async throws -> Bool
}

extension WorkerStore {
    /// Appends events without a batch key: sent again, they would be stored again.
    public func append(job: Int64, worker: String?, events: [NewEvent]) async throws -> [Int64]? {
        try await append(job: job, worker: worker, events: events, batch: nil)
    }
}

extension JobStore {
    /// Creates a token that may do everything (``TokenScope/all``).
    public func createToken(name: String) async throws -> String {
        try await createToken(name: name, scope: .all)
    }

    /// The name of the token with this secret, or nil.
    public func tokenName(secret: String) async throws -> String? {
        try await token(secret: secret)?.name
    }
}
