import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process groups Culprit has started and not yet reaped.
///
/// Every child runs in its own process group so that it and everything it spawns (a shell,
/// make's compilers, QEMU) can be killed together. When Culprit itself is told to stop
/// (SIGINT, SIGTERM) the CLI calls ``killAll()`` so that no child outlives it.
public final class ProcessRegistry: Sendable {
    public static let shared = ProcessRegistry()

    private let groups = Mutex<Set<Int32>>([])

    public init() {}

    /// Records a live process group.
    public func register(_ pgid: Int32) {
        _ = groups.withLock { $0.insert(pgid) }
    }

    /// Forgets a process group once its leader has exited.
    public func unregister(_ pgid: Int32) {
        _ = groups.withLock { $0.remove(pgid) }
    }

    /// The process groups alive right now.
    public var live: Set<Int32> { groups.withLock { $0 } }

    /// Sends SIGKILL to every registered process group.
    public func killAll() {
        for pgid in live where pgid > 1 {
            _ = kill(-pgid, SIGKILL)
        }
    }

    /// Installs SIGINT/SIGTERM/SIGHUP handlers that kill every registered process group and
    /// then exit with status 128+signal, as a shell would.
    public static func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                ProcessRegistry.shared.killAll()
                _exit(128 + received)
            }
        }
    }
}
