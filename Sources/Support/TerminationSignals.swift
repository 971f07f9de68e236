import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT, SIGTERM and SIGHUP delivered as ordinary Swift calls on a Dispatch queue.
///
/// The signals' default action is replaced by a Dispatch signal source, so no Swift code runs
/// inside a C signal handler (where taking a lock, allocating or printing can deadlock): the
/// handler below may cancel tasks, end children with ``ProcessRegistry/terminateAll(grace:)``
/// and print, like any other code.
public enum TerminationSignals {
    /// The signals handled.
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private static let queue = DispatchQueue(label: "culprit.signals")
    private static let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Starts delivering the handled signals to `handler` (on a private serial queue).
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        sources.withLock { sources in
            for source in sources { source.cancel() }
            sources = handled.map { number in
                _ = signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { handler(number) }
                source.resume()
                return source
            }
        }
    }

    /// The name of a handled signal, for messages.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
