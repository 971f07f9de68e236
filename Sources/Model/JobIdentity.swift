/// What a job log belongs to: a log of another job is refused rather than mixed in.
public struct JobIdentity: Sendable, Hashable, Codable {
    public var job: JobID
    /// Where the repository was when the log was opened (informational; not part of the id).
    public var repository: String
    /// Full hashes.
    public var bad: String
    public var good: String?
    public var mode: BisectMode
    /// The backend's identity (what builds and tests).
    public var backend: String

    public init(job: JobID, repository: String, bad: String, good: String?, mode: BisectMode, backend: String) {
        self.job = job
        self.repository = repository
        self.bad = bad
        self.good = good
        self.mode = mode
        self.backend = backend
    }

    /// Whether `other` is the same job (the repository's location may differ).
    public func isSameJob(as other: JobIdentity) -> Bool {
        job == other.job && bad == other.bad && good == other.good && mode == other.mode && backend == other.backend
    }
}
