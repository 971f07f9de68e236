import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Temporary directories and pid checks for process tests.
enum Scratch {
    /// A new empty directory under the temporary directory.
    static func directory() throws -> String {
        try TestSupport.temporaryDirectory("process")
    }

    /// The path of the running test executable (it can act as a process guard).
    static func ownExecutable() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }

    /// The pid written to `file`, waiting up to 5 s for it to appear.
    static func pid(in file: String) async throws -> Int32 {
        for _ in 0..<100 {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    static func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    /// The process whose pid is in `pidFile` no longer runs (a zombie awaiting its reaper counts
    /// as gone; allow a moment for the pid file to be written and the kill to land).
    static func expectGone(pidFile: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let pid = try await pid(in: pidFile)
        var alive = true
        for _ in 0..<100 where alive {
            alive = kill(pid, 0) == 0 && !isZombie(pid)
            if alive { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!alive, "process \(pid) outlived its run", sourceLocation: sourceLocation)
        if alive { kill(pid, SIGKILL) }
    }
}
