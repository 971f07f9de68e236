/// Where a job is in its life.
public enum JobState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Waiting for a worker.
    case queued
    /// Held by a worker under a lease.
    case running
    /// Ended with a result (culprit found, inconclusive or not reproducible).
    case finished
    /// Ended without a result (bad input, infrastructure failure).
    case failed
    /// Cancelled by a user.
    case cancelled

    /// Whether the job has ended.
    public var isFinal: Bool { self == .finished || self == .failed || self == .cancelled }
}
