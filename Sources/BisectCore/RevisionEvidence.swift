import Model

/// What the runs on one revision showed, summarised for the model: clean runs, crashes by
/// title, and runs that gave no evidence (boot failures, cannot test, infrastructure).
public struct RevisionEvidence: Sendable, Hashable, Codable {
    public var ok: Int = 0
    public var crashes: [String: Int] = [:]
    public var noEvidence: Int = 0

    public init(ok: Int = 0, crashes: [String: Int] = [:], noEvidence: Int = 0) {
        self.ok = ok
        self.crashes = crashes
        self.noEvidence = noEvidence
    }

    /// Adds one run's outcome. A time-out counts as a crash titled `timed out`.
    public mutating func add(_ outcome: RunOutcome) {
        switch outcome {
        case .ok: ok += 1
        case .crashed(let title, _): crashes[title, default: 0] += 1
        case .timedOut: crashes[Self.timeoutTitle, default: 0] += 1
        case .cannotTest, .bootFailed, .infrastructureFailure: noEvidence += 1
        }
    }

    public static let timeoutTitle = "timed out"

    public var crashCount: Int { crashes.values.reduce(0, +) }
    /// Runs that say something about the bug (clean or crashed).
    public var evidentialRuns: Int { ok + crashCount }
    public var runs: Int { evidentialRuns + noEvidence }
    public var isEmpty: Bool { runs == 0 }
}
