import Foundation
import Model
import Support
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ProcessRunnerTests {
    @Test func capturesOutputAndStatus() async throws {
        let r = try await ProcessRunner.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(r.status == .exited(3))
        #expect(r.outputText == "out\n")
        #expect(r.errorText == "err\n")
        #expect(!r.succeeded)
    }

    @Test func passesArgumentsVerbatimAndEnvironment() async throws {
        let r = try await ProcessRunner.run(
            "/bin/sh", ["-c", "printf '%s|%s' \"$1\" \"$CULPRIT_X\"", "sh", "a b; rm -rf /"],
            environment: ["CULPRIT_X": "$(id)"])
        #expect(r.outputText == "a b; rm -rf /|$(id)")
    }

    @Test(.timeLimit(.minutes(10))) func timeoutKillsTheWholeGroup() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A grandchild records its pid; it must be gone once the run returns.
        let r = try await ProcessRunner.run(
            "/bin/sh", ["-c", "sleep 60 & echo $! > grandchild; wait"], directory: dir,
            timeout: .seconds(1))
        #expect(r.timedOut)
        try await expectGone(pidFile: dir + "/grandchild")
    }

    private func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    @Test func writesLargeOutputToAFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-\(UUID()).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try await ProcessRunner.run(
            "/bin/sh", ["-c", "head -c 5000000 /dev/zero; echo tail >&2"], output: .file(path),
            mergeStandardError: true)
        #expect(r.succeeded)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == 5_000_005)
    }

    @Test func missingProgramIsAClearError() async throws {
        do {
            _ = try await ProcessRunner.run("culprit-no-such-program")
            Issue.record("expected an error")
        } catch let error as CulpritError {
            #expect(error.code == .infrastructure)
            #expect(error.message.contains("culprit-no-such-program"))
        }
    }

    @Test(.timeLimit(.minutes(10))) func cancellationKillsTheChild() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let task = Task {
            try await ProcessRunner.run("/bin/sh", ["-c", "echo $$ > child; exec sleep 300"], directory: dir)
        }
        while !FileManager.default.fileExists(atPath: dir + "/child") { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        _ = try? await task.value
        try await expectGone(pidFile: dir + "/child")
    }

    /// The process whose pid is in `pidFile` no longer runs (a zombie awaiting its reaper counts
    /// as gone; allow a moment for the pid file to be written and the kill to land).
    private func expectGone(pidFile: String) async throws {
        var text = ""
        for _ in 0..<100 where text.isEmpty {
            text = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
            if text.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        let pid = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        var alive = true
        for _ in 0..<100 where alive {
            alive = kill(pid, 0) == 0 && !isZombie(pid)
            if alive { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!alive, "process \(pid) outlived its run")
    }
}
