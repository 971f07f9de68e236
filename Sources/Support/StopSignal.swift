import Synchronization

/// Set once when work is told to wind down (a worker's SIGTERM, the server's shutdown), or when
/// a job's engine is done; read by the loops that must end then.
///
/// A worker runs each job's engine with its signal as ``current``: the engine then starts no
/// other build or run once it is set, lets those in progress end and be recorded, and throws
/// `CulpritError.cancelled` (the driver checks before each build and test; the testers' run
/// pool between runs).
public final class StopSignal: Sendable {
    /// The wind-down signal of the work this task does (nil: none, as for `culprit bisect`).
    @TaskLocal public static var current: StopSignal?

    private let requested = Atomic<Bool>(false)

    public init() {}

    public var isRequested: Bool { requested.load(ordering: .acquiring) }

    public func request() { requested.store(true, ordering: .releasing) }

    /// Sleeps for `duration`, waking early when a stop is requested.
    public func sleep(for duration: Duration) async {
        let end = ContinuousClock.now + duration
        while !isRequested && ContinuousClock.now < end && !Task.isCancelled {
            try? await Task.sleep(for: min(.milliseconds(100), end - ContinuousClock.now))
        }
    }

    /// Whether the current task's work is to wind down.
    public static var windingDown: Bool { current?.isRequested ?? false }
}
