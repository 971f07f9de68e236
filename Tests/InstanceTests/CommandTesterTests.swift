import Build
import Foundation
import Instance
import Model
import Support
import TestSupport
import Testing

@Suite struct CommandTesterTests {
    struct Scratch {
        let root: String
        var worktree: String { root + "/wt" }
        var logs: String { root + "/logs" }

        init() throws {
            root = try TestSupport.temporaryDirectory("test")
            try FileManager.default.createDirectory(atPath: root + "/wt", withIntermediateDirectories: true)
        }

        func request(_ runs: Range<Int>, commit: String = "c0ffee") -> TestRequest {
            TestRequest(
                commit: commit, worktree: worktree, artifact: Artifact(directory: worktree), runs: runs,
                logDirectory: logs)
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// Runs `command` once and returns its outcome.
    static func outcome(_ command: String, timeout: Duration? = nil) async throws -> RunOutcome {
        let s = try Scratch()
        defer { s.remove() }
        let results = try await CommandTester(command: command, timeout: timeout).test(s.request(0..<1))
        return try #require(results.first).outcome
    }

    @Test func exitStatusesMapToOutcomes() async throws {
        #expect(try await Self.outcome("echo fine") == .ok)
        #expect(try await Self.outcome("exit 125") == .cannotTest(reason: "the test command exited with status 125"))
        #expect(
            try await Self.outcome("echo 'cannot build the reproducer'; exit 125")
                == .cannotTest(reason: "cannot build the reproducer"))
        #expect(try await Self.outcome("echo boom; exit 3") == .crashed(title: "exit status 3", report: "boom"))
        #expect(try await Self.outcome("kill -SEGV $$") == .crashed(title: "killed by signal 11", report: nil))
        // A shell reports a child killed by a signal as 128+N.
        if case .crashed(let title, _) = try await Self.outcome("sh -c 'kill -ABRT $$'; exit $?") {
            #expect(title == "killed by signal 6")
        } else {
            Issue.record("a child killed by SIGABRT is a crash")
        }
        if case .infrastructureFailure(let reason) = try await Self.outcome("culprit-no-such-reproducer") {
            #expect(reason.contains("127"))
            #expect(reason.contains("not found"))
        } else {
            Issue.record("a missing test command is an infrastructure failure")
        }
    }

    @Test func timeoutKeepsTheLastLines() async throws {
        // Had the kill failed, the command would go on to print "finished".
        let outcome = try await Self.outcome(
            "echo waiting for the lock; sleep 30; echo finished", timeout: .milliseconds(500))
        #expect(outcome == .timedOut(lastLines: "waiting for the lock"))
    }

    @Test func runsInParallelInTheWorktreeWithEnvironment() async throws {
        let s = try Scratch()
        defer { s.remove() }
        // Each run records its environment, then waits (up to 30 s) until all four runs have
        // started: that only happens when they really run at the same time.
        let command = """
            printf '%s %s %s %s\\n' "$CULPRIT_COMMIT" "$CULPRIT_RUN" "$CULPRIT_WORKTREE" "$CULPRIT_ARTIFACT_DIR" \
            > "seen-$CULPRIT_RUN"; touch "started-$CULPRIT_RUN"; i=0
            while [ "$(ls started-* | wc -l)" -lt 4 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
            [ "$(ls started-* | wc -l)" -ge 4 ] && touch "together-$CULPRIT_RUN"
            """
        let hostile = "$(touch pwned)"
        let results = try await CommandTester(command: command, jobs: 4).test(s.request(10..<14, commit: hostile))
        for i in 10..<14 {
            #expect(FileManager.default.fileExists(atPath: s.worktree + "/together-\(i)"), "run \(i) ran alone")
        }
        #expect(results.map(\.index) == [10, 11, 12, 13])
        #expect(results.allSatisfy { $0.outcome == .ok })
        for i in 10..<14 {
            let seen = try String(contentsOfFile: s.worktree + "/seen-\(i)", encoding: .utf8)
            #expect(seen == "\(hostile) \(i) \(s.worktree) \(s.worktree)\n")
            #expect(results[i - 10].logPath == s.logs + "/run-\(i).log")
        }
        #expect(!FileManager.default.fileExists(atPath: s.worktree + "/pwned"))
    }

    @Test func jobsLimitsConcurrency() async throws {
        let s = try Scratch()
        defer { s.remove() }
        // With 2 jobs, never more than 2 marker files exist at once.
        let command = """
            touch "running-$CULPRIT_RUN"; n=$(ls running-* | wc -l); echo "$n" >> counts; sleep 0.3; \
            rm "running-$CULPRIT_RUN"
            """
        let results = try await CommandTester(command: command, jobs: 2).test(s.request(0..<6))
        #expect(results.count == 6)
        let counts = try String(contentsOfFile: s.worktree + "/counts", encoding: .utf8)
            .split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(counts.count == 6)
        #expect(counts.allSatisfy { $0 <= 2 })
    }

    @Test func outputIsKeptPerRun() async throws {
        let s = try Scratch()
        defer { s.remove() }
        let results = try await CommandTester(command: "echo out $CULPRIT_RUN; echo err >&2").test(s.request(0..<2))
        let log = try String(contentsOfFile: try #require(results[1].logPath), encoding: .utf8)
        #expect(log == "out 1\nerr\n")
    }

    @Test func missingWorktreeIsAnInfrastructureError() async throws {
        let request = TestRequest(
            commit: "c", worktree: "/nonexistent/culprit", artifact: Artifact(directory: "/nonexistent"), runs: 0..<1,
            logDirectory: "/tmp/culprit-none")
        await #expect(throws: CulpritError.self) { try await CommandTester(command: "true").test(request) }
    }
}

@Suite struct CommandTesterSanitizerTests {
    /// A program with a heap-use-after-free in `use_after_free()` when given `uaf`, and a
    /// heap-buffer-overflow in `overflow()` when given `overflow`, built with AddressSanitizer.
    static let source = """
        #include <stdlib.h>
        #include <string.h>
        #include <stdio.h>
        __attribute__((noinline)) static int use_after_free(void) {
            char *p = malloc(16);
            strcpy(p, "freed soon");
            free(p);
            return p[3];
        }
        __attribute__((noinline)) static int overflow(void) {
            int *a = malloc(10 * sizeof(int));
            a[10] = 1;
            int r = a[10];
            free(a);
            return r;
        }
        int main(int argc, char **argv) {
            if (argc > 1 && strcmp(argv[1], "uaf") == 0) return use_after_free();
            if (argc > 1 && strcmp(argv[1], "overflow") == 0) return overflow();
            puts("fine");
            return 0;
        }
        """

    @Test func addressSanitizerReportsBecomeCrashTitles() async throws {
        let s = try CommandTesterTests.Scratch()
        defer { s.remove() }
        try Self.source.write(toFile: s.worktree + "/prog.c", atomically: true, encoding: .utf8)
        let cc = try await ProcessRunner.run(
            "gcc", ["-g", "-O0", "-fsanitize=address", "-o", "prog", "prog.c"], directory: s.worktree)
        #expect(cc.succeeded, "gcc -fsanitize=address failed: \(cc.errorText)")

        // The run index picks the behaviour: 0 fine, 1 use-after-free, 2 overflow.
        let command = #"case "$CULPRIT_RUN" in 1) ./prog uaf;; 2) ./prog overflow;; *) ./prog;; esac"#
        let results = try await CommandTester(command: command, jobs: 2).test(s.request(0..<3))
        #expect(results[0].outcome == .ok)
        guard case .crashed(let uafTitle, let uafReport) = results[1].outcome else {
            Issue.record("use-after-free run: \(results[1].outcome)")
            return
        }
        #expect(uafTitle.contains("heap-use-after-free"))
        #expect(uafTitle.contains("use_after_free"))
        #expect(uafReport?.contains("ERROR: AddressSanitizer: heap-use-after-free") == true)
        guard case .crashed(let overflowTitle, _) = results[2].outcome else {
            Issue.record("overflow run: \(results[2].outcome)")
            return
        }
        #expect(overflowTitle.contains("heap-buffer-overflow"))
        #expect(overflowTitle.contains("overflow"))
        #expect(overflowTitle != uafTitle)
    }
}
