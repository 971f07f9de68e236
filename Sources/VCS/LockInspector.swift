import Foundation

/// Finds out whether a git lock file (`index.lock`, `HEAD.lock`) belongs to a live process or
/// was left behind by a killed run.
///
/// On Linux it scans `/proc`: a lock is held when a process has it open, or when a `git`
/// process works in the same work tree. Elsewhere a lock younger than `staleAge` counts as held.
enum LockInspector {
    /// A process that holds a lock.
    struct Holder: Sendable, Hashable {
        var pid: Int32
        var command: String
    }

    /// Locks younger than this are presumed live where `/proc` cannot tell.
    static let staleAge: TimeInterval = 600

    /// The live process holding `lock`, nil when the lock is stale. `workTree` is the directory
    /// git works in (a git process there may hold the lock between two writes).
    static func holder(of lock: String, workTree: String) -> Holder? {
        let fm = FileManager.default
        guard fm.fileExists(atPath: "/proc/self/fd") else {
            let modified = (try? fm.attributesOfItem(atPath: lock)[.modificationDate] as? Date) ?? Date()
            return Date().timeIntervalSince(modified) < staleAge ? Holder(pid: 0, command: "unknown") : nil
        }
        let me = getpid()
        let lockPaths = Set([lock, URL(fileURLWithPath: lock).resolvingSymlinksInPath().path])
        let tree = URL(fileURLWithPath: workTree).resolvingSymlinksInPath().path
        for entry in (try? fm.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != me else { continue }
            let base = "/proc/\(entry)"
            for fd in (try? fm.contentsOfDirectory(atPath: base + "/fd")) ?? [] {
                if let target = try? fm.destinationOfSymbolicLink(atPath: base + "/fd/" + fd),
                    lockPaths.contains(target)
                {
                    return Holder(pid: pid, command: commandLine(base))
                }
            }
            let name = (try? String(contentsOfFile: base + "/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if name == "git", let cwd = try? fm.destinationOfSymbolicLink(atPath: base + "/cwd"),
                cwd == tree || cwd.hasPrefix(tree + "/")
            {
                return Holder(pid: pid, command: commandLine(base))
            }
        }
        return nil
    }

    /// `/proc/PID/cmdline` with spaces between the arguments.
    private static func commandLine(_ base: String) -> String {
        guard let data = FileManager.default.contents(atPath: base + "/cmdline") else { return "?" }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
