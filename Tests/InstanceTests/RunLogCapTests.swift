import CrashReport
import Foundation
import Instance
import Model
import Support
import Testing

/// Disk caps on run output: a run keeps its head, its tail and its crash report, not every byte;
/// a job keeps the logs that matter once its budget is spent.
@Suite struct RunLogCapTests {
    static let report = """
        [   12.345678] ==================================================================
        [   12.345679] BUG: KASAN: use-after-free in cache_put+0x1c/0x80
        [   12.345680] Read of size 8 at addr ffff888012345678 by task repro/123
        [   12.345681] Call Trace:
        [   12.345682]  <TASK>
        [   12.345683]  dump_stack_lvl+0x4d/0x70
        [   12.345684]  kasan_report+0xb1/0xe0
        [   12.345685]  cache_put+0x1c/0x80
        [   12.345686]  do_syscall_64+0x3a/0x90
        [   12.345687]  </TASK>
        [   12.345688] ==================================================================

        """

    @Test(.timeLimit(.minutes(10))) func hugeOutputIsCappedAndKeepsTheCrashReport() async throws {
        let expected = try #require(ReportParser().parse(Self.report).first?.title)
        let s = try CommandTesterTests.Scratch()
        defer { s.remove() }
        try Self.report.write(toFile: s.root + "/report.txt", atomically: true, encoding: .utf8)
        // 20 MB of noise, the report, 20 MB more noise, then a clean exit.
        let command = """
            yes 'noise noise noise noise noise noise' | head -c 20000000
            cat \(s.root)/report.txt
            yes 'more noise more noise more noise' | head -c 20000000
            """
        let tester = CommandTester(command: command)
        let results = try await tester.test(s.request(0..<1)) { _ in }
        let run = try #require(results.first)
        #expect(run.outcome.description == "crashed: \(expected)")
        let path = try #require(run.logPath)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size <= CommandTester.runLogLimit + 4096, "the log holds \(size) bytes")
        let log = try String(contentsOfFile: path, encoding: .utf8)
        #expect(log.hasPrefix("noise noise"), "the head is kept")
        #expect(log.contains("more noise more noise"), "the tail is kept")
        #expect(log.contains("BUG: KASAN: use-after-free in cache_put"), "the report is kept")
        #expect(log.contains("bytes of output left out here"))
    }

    @Test func overTheJobBudgetOnlyCrashLogsAreKept() async throws {
        let s = try CommandTesterTests.Scratch()
        defer { s.remove() }
        // Each run prints 400 kB; the job may keep 1 MB: the third OK run and later lose their log,
        // a crash keeps it.
        let command = "yes 0123456789 | head -c 400000; test \"$CULPRIT_RUN\" -ne 4"
        let tester = CommandTester(command: command, jobs: 1, jobLogLimit: 1_000_000)
        var request = s.request(0..<5)
        request.logDirectory = s.root + "/runs/c0ffee"
        let results = try await tester.test(request) { _ in }
        #expect(results.map { $0.logPath != nil } == [true, true, false, false, true])
        #expect(results[4].outcome.description == "crashed: exit status 1")
        for r in results where r.logPath == nil {
            #expect(!FileManager.default.fileExists(atPath: request.logDirectory + "/run-\(r.index).log"))
        }
    }
}
