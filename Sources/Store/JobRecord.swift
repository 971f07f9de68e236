/// A job as the store keeps it.
public struct JobRecord: Sendable, Codable, Hashable {
    public var id: Int64
    public var state: JobState
    public var priority: Int
    /// The job spec as submitted (JSON text).
    public var spec: String
    /// The backend kind the job needs (`command`, `kernel`).
    public var backend: String
    /// The repository as named in the spec (URL or path).
    public var repository: String
    /// The bad revision as named in the spec.
    public var bad: String
    /// Who submitted it (token name).
    public var submittedBy: String?
    /// How many times a worker took it.
    public var attempts: Int
    public var leaseOwner: String?
    /// Seconds since 1970 (database clock).
    public var leaseExpires: Double?
    public var submittedAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
    /// Crash title (from the result or the first confirmation).
    public var title: String?
    /// `culprit_found`, `inconclusive`, `not_reproducible`, ... once finished.
    public var outcome: String?
    public var culprit: String?
    public var confidence: Double?
    /// The result as JSON text.
    public var result: String?
    /// Why the job failed, for a failed job.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, state, priority, spec, backend, repository, bad, attempts, title, outcome, culprit, confidence,
            result, error
        case submittedBy = "submitted_by"
        case leaseOwner = "lease_owner"
        case leaseExpires = "lease_expires"
        case submittedAt = "submitted_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}

/// A job to submit.
public struct NewJob: Sendable, Hashable {
    public var spec: String
    public var backend: String
    public var repository: String
    public var bad: String
    public var priority: Int
    public var submittedBy: String?

    public init(spec: String, backend: String, repository: String, bad: String, priority: Int = 0, submittedBy: String? = nil) {
        self.spec = spec
        self.backend = backend
        self.repository = repository
        self.bad = bad
        self.priority = priority
        self.submittedBy = submittedBy
    }
}

/// How a job ended, as its worker stores it.
public struct JobFinish: Sendable, Codable, Hashable {
    public var state: JobState
    public var title: String?
    public var outcome: String?
    public var culprit: String?
    public var confidence: Double?
    public var result: String?
    public var error: String?

    public init(
        state: JobState, title: String? = nil, outcome: String? = nil, culprit: String? = nil,
        confidence: Double? = nil, result: String? = nil, error: String? = nil
    ) {
        self.state = state
        self.title = title
        self.outcome = outcome
        self.culprit = culprit
        self.confidence = confidence
        self.result = result
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case state, title, outcome, culprit, confidence, result, error
    }
}

/// Which jobs to list.
public struct JobFilter: Sendable, Hashable {
    public var states: [JobState]
    public var repository: String?
    public var limit: Int
    /// Only jobs with an id below this (paging, newest first).
    public var before: Int64?

    public init(states: [JobState] = [], repository: String? = nil, limit: Int = 100, before: Int64? = nil) {
        self.states = states
        self.repository = repository
        self.limit = limit
        self.before = before
    }
}
