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
    /// With `whileBuilding`, the build command starts the sleeps instead (a `make` in progress).
    private func interrupt(with signal: Int32, whileBuilding: Bool = false) async throws -> (ProcessResult, [Int32], String) {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        let hashes = try await repository.linear(6)
        let dir = try DemoTests.temporaryDirectory()
        let sleeps = Self.sleeps(dir)
        let standIn = "echo $$ > \(dir)/culprit.pid; exec \"$@\""
        async let ended = ProcessRunner.run(
            "/bin/sh",
            [
                "-c", standIn, "sh", try DemoTests.culprit(), "bisect", "--repo", repository.path, "--bad",
                hashes[5], "--good", hashes[0], "--build", whileBuilding ? sleeps : "true", "--test",
                whileBuilding ? "true" : sleeps, "--jobs", "2", "--state", dir + "/state",
            ], timeout: .seconds(120))
        let pids = try await Self.started(dir, count: whileBuilding ? 2 : 4)
        #expect(pids.count >= (whileBuilding ? 2 : 4), "the build or the test runs did not start")
        let culprit = try #require(
            Int32(try String(contentsOfFile: dir + "/culprit.pid", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)))
        kill(culprit, signal)
        let result = try await ended
        return (result, pids, dir)
    }

    /// A command that starts a `sleep` and a `setsid sleep`, their pids appended to `dir/pids`, and waits.
    static func sleeps(_ dir: String) -> String {
        "sleep 300 & echo $! >> \(dir)/pids; setsid sleep 300 >/dev/null 2>&1 & echo $! >> \(dir)/pids; wait"
    }

    /// The pids `sleeps` wrote, once there are at least `count` (up to a minute).
    static func started(_ dir: String, count: Int) async throws -> [Int32] {
        var pids: [Int32] = []
        for _ in 0..<600 where pids.count < count {
            try await Task.sleep(for: .milliseconds(100))
            pids = ((try? String(contentsOfFile: dir + "/pids", encoding: .utf8)) ?? "").split(separator: "\n")
                .compactMap { Int32($0) }
        }
        return pids
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

    @Test(.timeLimit(.minutes(10))) func sighupDuringABuildEndsEveryChildAndExits129() async throws {
        let (result, pids, dir) = try await interrupt(with: SIGHUP, whileBuilding: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(result.status == .exited(129), "\(result.errorText)")
        #expect(result.errorText.contains("run the same command again to resume"), "\(result.errorText)")
        try await expectAllGone(pids)
    }

    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `tmux kill-session` on the pane running `culprit bisect` during a build: the terminal hangs
    /// up (every write to it fails with EIO, which made Foundation's FileHandle trap: culprit
    /// crashed instead of winding down) and SIGHUP arrives. Culprit ends its children and exits
    /// saying how to resume; its standard error goes to a file, its standard output (the log and
    /// the status area) to the pane's terminal.
    @Test(
        .timeLimit(.minutes(10)),
        .enabled(if: tmux != nil, "needs tmux (apt-get install tmux)"))
    func tmuxKillSessionDuringABuild() async throws {
        let tmux = try #require(Self.tmux)
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        let hashes = try await repository.linear(6)
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = "culprit-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = ([
            try DemoTests.culprit(), "bisect", "--repo", repository.path, "--bad", hashes[5], "--good", hashes[0],
            "--build", Self.sleeps(dir), "--test", "true", "--state", dir + "/state",
        ].map(quoted) + ["2>" + quoted(dir + "/stderr")]).joined(separator: " ")
        let started = try await ProcessRunner.run(
            tmux, ["-L", socket, "new-session", "-d", "-s", "bisect", "-x", "120", "-y", "30", command],
            timeout: .seconds(60))
        #expect(started.succeeded, "\(started.errorText)")
        defer {
            // The server goes with its last session; should the test stop early, end it here.
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: tmux)
            stop.arguments = ["-L", socket, "kill-server"]
            stop.standardError = FileHandle.nullDevice
            if (try? stop.run()) != nil { stop.waitUntilExit() }
        }
        let pids = try await Self.started(dir, count: 2)
        #expect(pids.count >= 2, "the build did not start")
        // culprit itself (the pane's shell and the tmux server name the same command line).
        let culprit = try await ProcessRunner.run("pgrep", ["-f", "--", "--state " + dir + "/state"], timeout: .seconds(30))
            .outputText.split(separator: "\n").compactMap { Int32($0) }.filter {
                (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8))?.hasPrefix("culprit") == true
            }
        #expect(!culprit.isEmpty, "culprit is not running")
        let killed = try await ProcessRunner.run(tmux, ["-L", socket, "kill-session", "-t", "bisect"], timeout: .seconds(60))
        #expect(killed.succeeded, "\(killed.errorText)")
        try await expectAllGone(culprit + pids)
        let stderr = (try? String(contentsOfFile: dir + "/stderr", encoding: .utf8)) ?? ""
        #expect(stderr.contains("culprit: SIGHUP received, stopping"), "\(stderr)")
        #expect(stderr.contains("run the same command again to resume"), "\(stderr)")
        #expect(!stderr.contains("Fatal error"), "\(stderr)")
    }

    @Test(.timeLimit(.minutes(10))) func nothingOutlivesKillNine() async throws {
        let (result, pids, dir) = try await interrupt(with: SIGKILL)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(result.status == .signalled(SIGKILL))
        try await expectAllGone(pids)
    }
}
