import Foundation
import Support
import Testing

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
        // The grandchild would write a file after 3 s if it survived the group kill.
        let r = try await ProcessRunner.run(
            "/bin/sh", ["-c", "(sleep 3; touch survived) & sleep 30"], directory: dir,
            timeout: .milliseconds(300))
        #expect(r.timedOut)
        #expect(r.duration < .seconds(10))
        try await Task.sleep(for: .seconds(4))
        #expect(!FileManager.default.fileExists(atPath: dir + "/survived"))
        #expect(ProcessRegistry.shared.live.isEmpty || !ProcessRegistry.shared.live.contains(0))
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
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
