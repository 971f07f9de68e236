import Foundation
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

    @Test func timeoutKillsTheWholeGroup() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A grandchild records its pid; it must be gone once the run returns.
        let r = try await ProcessRunner.run(
            "/bin/sh", ["-c", "sleep 60 & echo $! > grandchild; wait"], directory: dir,
            timeout: .seconds(1))
        #expect(r.timedOut)
        #expect(r.duration < .seconds(30))
        let text = try String(contentsOfFile: dir + "/grandchild", encoding: .utf8)
        let pid = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        // kill(pid, 0) fails once the process is gone (a zombie until reaped counts as alive,
        // so allow init a moment to reap it).
        var alive = true
        for _ in 0..<50 where alive {
            alive = kill(pid, 0) == 0 && !isZombie(pid)
            if alive { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!alive, "the grandchild \(pid) outlived the timeout")
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

    @Test func cancellationKillsTheChild() async throws {
        let task = Task { try await ProcessRunner.run("/bin/sleep", ["30"]) }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        task.cancel()
        _ = try? await task.value
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}
