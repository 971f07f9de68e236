import Foundation
import Model
import Support
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The process guard, tested by pid with real processes: nothing a command starts outlives its
/// run, even a `setsid` child, even after `kill -9` of the process that started the guard.
@Suite(.enabled(if: ProcessGuard.isAvailable, "process guards need Linux and /proc"))
struct ProcessGuardTests {
    @Test(.timeLimit(.minutes(10))) func setsidChildDoesNotEscapeANormalExit() async throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await ProcessRunner.run(
            "/bin/sh", ["-c", "setsid sleep 300 >/dev/null 2>&1 & echo $! > escaped; sleep 300 & echo $! > stayed"],
            directory: dir, contained: true)
        #expect(r.succeeded)
        try await Scratch.expectGone(pidFile: dir + "/escaped")
        try await Scratch.expectGone(pidFile: dir + "/stayed")
    }

    @Test(.timeLimit(.minutes(10))) func guardEndsTheTreeWhenItsParentIsKilled() async throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A shell stands for Culprit: it starts the guard (this test's own executable) and is
        // then killed with SIGKILL, as a user might kill Culprit. (The guard gets a session of
        // its own so that the end of the stand-in's run, which kills its group, spares it.)
        let command = "sleep 300 & echo $! > child; setsid sleep 300 & echo $! > escaped; wait"
        let standIn = """
            echo $$ > parent
            CULPRIT_PROCESS_GUARD=500 setsid "$0" /bin/sh -c "$1" & wait
            """
        async let ended = ProcessRunner.run(
            "/bin/sh", ["-c", standIn, try Scratch.ownExecutable(), command], directory: dir)
        let parent = try await Scratch.pid(in: dir + "/parent")
        _ = try await Scratch.pid(in: dir + "/escaped")
        let child = try await Scratch.pid(in: dir + "/child")
        #expect(kill(child, 0) == 0, "the command runs while its guard's parent lives")
        kill(parent, SIGKILL)
        _ = try await ended
        try await Scratch.expectGone(pidFile: dir + "/child")
        try await Scratch.expectGone(pidFile: dir + "/escaped")
    }

    @Test(.timeLimit(.minutes(10))) func stoppingSendsTermBeforeKill() async throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // One process cleans up on SIGTERM; another ignores it and must still end (SIGKILL).
        let command = """
            sh -c 'trap "echo term > got-term; exit 0" TERM; sleep 300 & wait' & echo $! > polite
            sh -c 'trap "" TERM; echo $$ > stubborn; while :; do sleep 1; done' &
            wait
            """
        let r = try await ProcessRunner.run("/bin/sh", ["-c", command], directory: dir, timeout: .seconds(1), contained: true)
        #expect(r.timedOut)
        #expect(FileManager.default.fileExists(atPath: dir + "/got-term"), "SIGTERM comes first")
        try await Scratch.expectGone(pidFile: dir + "/polite")
        // The stubborn one ignores SIGTERM: that it is gone shows SIGKILL followed. No wall-clock
        // bound here: under a loaded machine the cooperative pool can be late by tens of seconds.
        try await Scratch.expectGone(pidFile: dir + "/stubborn")
    }

    @Test(.timeLimit(.minutes(10))) func guardKeepsTheTimeLimitItself() async throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The guard is started here without any timer of Culprit's: a 1 s limit in its setting
        // alone must end the command (and its `setsid` child) and make the guard die by SIGALRM.
        let command = "setsid sleep 300 & echo $! > escaped; sleep 30; echo finished > finished"
        let standIn = "CULPRIT_PROCESS_GUARD=500,1000 \"$0\" /bin/sh -c \"$1\"; echo $?"
        let r = try await ProcessRunner.run("/bin/sh", ["-c", standIn, try Scratch.ownExecutable(), command], directory: dir)
        #expect(r.outputText == "\(128 + SIGALRM)\n", "the guard dies by SIGALRM when the limit ends the command")
        #expect(!FileManager.default.fileExists(atPath: dir + "/finished"), "the command was ended at its limit")
        try await Scratch.expectGone(pidFile: dir + "/escaped")
        // Through ProcessRunner, such a run is reported as timed out.
        let timed = try await ProcessRunner.run(
            "/bin/sh", ["-c", "sleep 30; echo finished"], timeout: .seconds(1), contained: true)
        #expect(timed.timedOut)
        #expect(timed.outputText.isEmpty)
    }

    @Test(.timeLimit(.minutes(10))) func timeLimitHoldsWhileThePoolIsBusy() async throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The spawn happens on a thread of its own; the task that arms a timer then waits for a
        // thread of the cooperative pool. Here every pool thread is blocked for 5 s right after
        // the run begins, so the command (3 s) would end before any timer of Culprit's is armed.
        let run = Task {
            try await ProcessRunner.run(
                "/bin/sh", ["-c", "sleep 3; echo finished > finished"], directory: dir, timeout: .seconds(1),
                contained: true)
        }
        try await Task.sleep(for: .milliseconds(20))
        for _ in 0...ProcessInfo.processInfo.activeProcessorCount {
            Task.detached { usleep(5_000_000) }  // blocks its pool thread on purpose
        }
        let result = try await run.value
        #expect(!FileManager.default.fileExists(atPath: dir + "/finished"), "the command outlived its time limit")
        #expect(result.timedOut)
    }

    @Test func exitStatusAndSignalPassThrough() async throws {
        let exited = try await ProcessRunner.run("/bin/sh", ["-c", "echo out; exit 7"], contained: true)
        #expect(exited.status == .exited(7))
        #expect(exited.outputText == "out\n")
        let signalled = try await ProcessRunner.run("/bin/sh", ["-c", "kill -SEGV $$"], contained: true)
        #expect(signalled.status == .signalled(SIGSEGV))
        let environment = try await ProcessRunner.run(
            "/bin/sh", ["-c", "echo \"${CULPRIT_PROCESS_GUARD:-unset}\""], contained: true)
        #expect(environment.outputText == "unset\n", "the guard's switch does not reach the command")
    }

    @Test func missingProgramIsAClearError() async throws {
        await #expect(throws: CulpritError.self) {
            _ = try await ProcessRunner.run("culprit-no-such-program", contained: true)
        }
    }

    @Test(.timeLimit(.minutes(10))) func hugeTimeoutsDoNotOverflow() async throws {
        // Before: the timer computed seconds * 1e9 in Int and trapped on these.
        let huge = try await ProcessRunner.run("/bin/sh", ["-c", "exit 0"], timeout: .seconds(Int64.max / 2))
        #expect(huge.succeeded && !huge.timedOut)
        let large = try await ProcessRunner.run("/bin/sh", ["-c", "exit 0"], timeout: .seconds(1e16), contained: true)
        #expect(large.succeeded && !large.timedOut)
    }
}
