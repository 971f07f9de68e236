/// One entry of a job's event stream, in the order it was appended.
public struct EventRecord: Sendable, Codable, Hashable {
    /// Increasing over the whole store; a client follows a job with "events after id N".
    public var id: Int64
    public var job: Int64
    /// Seconds since 1970 (database clock).
    public var at: Double
    /// `log` (a line of the syzbot-like log, the body is the text), `state` (the store's own:
    /// queued, running, ...), or an engine event's name (`run_finished`, `progress`, ...).
    public var kind: String
    /// The event's content: text for `log`, JSON for the others.
    public var body: String
    /// The worker that appended it; nil for the server's own events.
    public var worker: String?

    public init(id: Int64, job: Int64, at: Double, kind: String, body: String, worker: String?) {
        self.id = id
        self.job = job
        self.at = at
        self.kind = kind
        self.body = body
        self.worker = worker
    }
}

/// An event to append.
public struct NewEvent: Sendable, Codable, Hashable {
    public var kind: String
    public var body: String

    public init(kind: String, body: String) {
        self.kind = kind
        self.body = body
    }
}

/// A stored artifact's name and size.
public struct ArtifactInfo: Sendable, Codable, Hashable {
    public var name: String
    public var size: Int
}

/// A worker as it describes itself at each heartbeat.
public struct WorkerInfo: Sendable, Codable, Hashable {
    public var id: String
    public var host: String
    /// Backend kinds it runs.
    public var backends: [String]
    public var slots: Int

    public init(id: String, host: String, backends: [String], slots: Int) {
        self.id = id
        self.host = host
        self.backends = backends
        self.slots = slots
    }
}

/// A worker as stored.
public struct WorkerRecord: Sendable, Codable, Hashable {
    public var info: WorkerInfo
    public var startedAt: Double
    public var heartbeatAt: Double
}
