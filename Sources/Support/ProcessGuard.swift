import CProcessGuard
import Model
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process guard that ``ProcessRunner`` puts between Culprit and a command it does not
/// control (a build, a test run, QEMU) when asked for a `contained` run.
///
/// The guard is this very executable started with `CULPRIT_PROCESS_GUARD` set: a C start-up
/// hook (target `CProcessGuard`) runs before any Swift code and becomes a child subreaper that
/// runs the command, keeps every descendant (even one that left the process group with
/// `setsid`), and ends them all (SIGTERM, then SIGKILL after ``gracePeriod``) when the command
/// exits, when it receives SIGTERM, when the run's time limit has passed, or when its parent is
/// gone, even after `kill -9` of Culprit.
public enum ProcessGuard {
    /// The environment variable that makes a process a guard (its value: the grace period in ms).
    static let variable = CULPRIT_PROCESS_GUARD_VARIABLE

    /// The guard's executable: the running program itself.
    static let executable = "/proc/self/exe"

    /// How long the processes of a stopped run have between SIGTERM and SIGKILL.
    public static let gracePeriod: Duration = .seconds(2)

    /// The value of ``variable`` for a guard: "GRACE" or "GRACE,LIMIT" in milliseconds. With a
    /// limit the guard ends the command by itself once it has passed, and dies by SIGALRM.
    static func setting(limit: Duration?) -> String {
        let grace = String(milliseconds(gracePeriod))
        guard let limit else { return grace }
        return grace + "," + String(max(1, milliseconds(limit)))
    }

    /// Whole milliseconds, saturated.
    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64.max / 1000 - 1 else { return Int64.max / 2 }
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whether guards can run here (Linux, with /proc).
    public static let isAvailable: Bool = {
        #if os(Linux)
            access(executable, X_OK) == 0
        #else
            false
        #endif
    }()

    /// Throws the error an unstartable program gives (the guard would only report it later).
    static func checkRunnable(_ executable: String, environment: [String: String?]) throws {
        if executable.contains("/") {
            guard access(executable, X_OK) != 0 else { return }
        } else {
            let path = environment["PATH"].map { $0 ?? "" } ?? ProcessInfo.processInfo.environment["PATH"] ?? ""
            for directory in path.split(separator: ":") where access("\(directory)/\(executable)", X_OK) == 0 {
                return
            }
        }
        throw CulpritError.infrastructure(
            "cannot run \(executable): not found or not executable. Check that it is installed and on PATH.")
    }
}
