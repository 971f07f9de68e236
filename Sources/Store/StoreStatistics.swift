/// Figures for `/metrics`.
public struct StoreStatistics: Sendable, Hashable {
    public var jobsByState: [JobState: Int]
    /// Builds recorded (`build_finished` events).
    public var builds: Int
    /// Test runs recorded (`run_finished` events).
    public var runs: Int
    /// Mean seconds from submission to the first claim, over jobs that started.
    public var averageQueueWait: Double
    /// Seconds the oldest queued job has waited (0 when none).
    public var oldestQueued: Double
    /// Workers with a heartbeat in the last minute.
    public var workersAlive: Int
}
