import Foundation
import ServiceLifecycle
import Support
import Synchronization

/// How `culprit serve` and `culprit worker` stop on SIGTERM, SIGINT or SIGHUP.
///
/// - The first signal starts the graceful shutdown of their `ServiceGroup`: open event streams
///   end, each worker slot lets the build or the runs in progress end and be recorded, starts no
///   other, releases its job (another worker may take it at once) and the process exits 0.
/// - A second signal stops at once: every child's process group is ended (SIGTERM to the
///   process guards, which end their whole trees, then SIGKILL) and the process exits with
///   128 + the signal. What is recorded stays: every event is committed in the store as it is
///   appended, so only the runs in progress (not yet recorded) are lost, and the job's lease,
///   not released, lets another worker take it over once it expires.
enum ServiceSignals {
    private static let received = Atomic<Int>(0)

    /// Runs `group` (configured without signals of its own) under this signal handling.
    static func run(_ group: ServiceGroup) async throws {
        TerminationSignals.install { signal in
            let count = received.add(1, ordering: .sequentiallyConsistent).newValue
            let name = TerminationSignals.name(signal)
            if count == 1 {
                printError(
                    "culprit: \(name) received: stopping once the build or runs in progress are recorded "
                        + "(send it again to stop at once)")
                Task { await group.triggerGracefulShutdown() }
                return
            }
            ProcessRegistry.shared.terminateAll(grace: .zero)
            printError(
                "culprit: stopped by \(name): running builds and runs ended unrecorded; "
                    + "recorded results are kept, and a held job is taken over when its lease expires")
            _exit(128 + signal)
        }
        try await group.run()
    }
}
