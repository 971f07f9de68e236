import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The children Culprit has started and not yet reaped.
///
/// Every child runs in its own process group (and a `contained` one below a process guard, see
/// ``ProcessGuard``) so that it and everything it spawns (a shell, make's compilers, QEMU) can
/// be ended together. When Culprit itself is told to stop (SIGINT, SIGTERM, SIGHUP) the CLI
/// calls ``terminateAll(grace:)`` so that no child outlives it.
public final class ProcessRegistry: Sendable {
    public static let shared = ProcessRegistry()

    /// Live children by pid (each leads its process group); the value says whether it is a guard.
    private let children = Mutex<[Int32: Bool]>([:])

    public init() {}

    /// Records a live child (the leader of its process group).
    public func register(_ pid: Int32, guarded: Bool = false) {
        children.withLock { $0[pid] = guarded }
    }

    /// Forgets a child once it has exited.
    public func unregister(_ pid: Int32) {
        _ = children.withLock { $0.removeValue(forKey: pid) }
    }

    /// The process groups alive right now.
    public var live: Set<Int32> { children.withLock { Set($0.keys) } }

    /// Sends SIGKILL to every registered process group.
    public func killAll() {
        for pid in live where pid > 1 { _ = kill(-pid, SIGKILL) }
    }

    /// Ends every child: SIGTERM (a guard passes it on to its whole tree), then SIGKILL to
    /// every group still registered once `grace` has passed. Blocks the calling thread (call
    /// it off the cooperative pool, as the signal handling does).
    public func terminateAll(grace: Duration = ProcessGuard.gracePeriod) {
        let snapshot = children.withLock { $0 }
        for (pid, guarded) in snapshot where pid > 1 { Self.terminate(pid, guarded: guarded) }
        let deadline = ContinuousClock.now + grace + .milliseconds(500)
        while ContinuousClock.now < deadline, snapshot.keys.contains(where: { Self.groupAlive($0) }) {
            usleep(20_000)
        }
        for pid in snapshot.keys where pid > 1 { _ = kill(-pid, SIGKILL) }
    }

    /// Asks one child to end: SIGTERM to a guard (it ends its tree), to the whole group otherwise.
    static func terminate(_ pid: Int32, guarded: Bool) {
        guard pid > 1 else { return }
        _ = guarded ? kill(pid, SIGTERM) : kill(-pid, SIGTERM)
    }

    /// Whether a process group still has a member that is not a zombie.
    private static func groupAlive(_ pgid: Int32) -> Bool {
        guard kill(-pgid, 0) == 0 else { return false }
        // A group made only of an unreaped leader counts as ended.
        let stat = (try? String(contentsOfFile: "/proc/\(pgid)/stat", encoding: .utf8)) ?? ""
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z" || ProcessRegistry.groupHasOtherMembers(pgid)
    }

    private static func groupHasOtherMembers(_ pgid: Int32) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries {
            guard let pid = Int32(entry), pid != pgid, getpgid(pid) == pgid else { continue }
            return true
        }
        return false
    }
}
