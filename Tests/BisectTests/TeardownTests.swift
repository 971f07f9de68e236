import Foundation
import Support
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `culprit` stopped by a signal: nothing it started keeps running, and Ctrl-C says
/// how to resume. Tested by pid with real processes.
@Suite(.serialized) struct TeardownTests {
    /// Starts a bisection whose every test run starts a `sleep` and a `setsid sleep` (their
    /// pids go to `pids`), waits until some run, and sends `signal` to culprit.
    private func interrupt(with signal: Int32) async throws -> (ProcessResult, [Int32], String) {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        let hashes = try await repository.linear(6)
        let dir = try DemoTests.temporaryDirectory()
        let test = "sleep 300 & echo $! >> \(dir)/pids; setsid sleep 300 >/dev/null 2>&1 & echo $! >> \(dir)/pids; wait"
        let standIn = "echo $$ > \(dir)/culprit.pid; exec \"$@\""
        async let ended = ProcessRunner.run(
            "/bin/sh",
            [
                "-c", standIn, "sh", try DemoTests.culprit(), "bisect", "--repo", repository.path, "--bad",
                hashes[5], "--good", hashes[0], "--build", "true", "--test", test, "--jobs", "2", "--state",
                dir + "/state",
            ], timeout: .seconds(120))
        var pids: [Int32] = []
        for _ in 0..<600 where pids.count < 4 {
            try await Task.sleep(for: .milliseconds(100))
            pids = ((try? String(contentsOfFile: dir + "/pids", encoding: .utf8)) ?? "").split(separator: "\n")
                .compactMap { Int32($0) }
        }
        #expect(pids.count >= 4, "the test runs did not start")
        let culprit = try #require(
            Int32(try String(contentsOfFile: dir + "/culprit.pid", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)))
        kill(culprit, signal)
        let result = try await ended
        return (result, pids, dir)
    }

    private func expectAllGone(_ pids: [Int32]) async throws {
        var alive = pids
        for _ in 0..<100 where !alive.isEmpty {
            alive = alive.filter { kill($0, 0) == 0 && !Self.isZombie($0) }
            if !alive.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(alive.isEmpty, "processes outlived culprit: \(alive)")
        for pid in alive { kill(pid, SIGKILL) }
    }

    static func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    @Test(.timeLimit(.minutes(10))) func ctrlCSaysHowToResumeEndsEveryChildAndExits130() async throws {
        let (result, pids, dir) = try await interrupt(with: SIGINT)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(result.status == .exited(130), "\(result.errorText)")
        #expect(result.errorText.contains("run the same command again to resume"), "\(result.errorText)")
        try await expectAllGone(pids)
    }

    @Test(.timeLimit(.minutes(10))) func nothingOutlivesKillNine() async throws {
        let (result, pids, dir) = try await interrupt(with: SIGKILL)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(result.status == .signalled(SIGKILL))
        try await expectAllGone(pids)
    }
}
