import Synchronization

/// Set once when the worker is told to stop (SIGTERM, server shutdown), or a job's engine is
/// done; read by the loops that must end then.
final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)

    var isRequested: Bool { requested.load(ordering: .acquiring) }

    func request() { requested.store(true, ordering: .releasing) }

    /// Sleeps for `duration`, waking early when a stop is requested.
    func sleep(for duration: Duration) async {
        let end = ContinuousClock.now + duration
        while !isRequested && ContinuousClock.now < end && !Task.isCancelled {
            try? await Task.sleep(for: min(.milliseconds(100), end - ContinuousClock.now))
        }
    }
}
