import Bisect
import Foundation
import Model
import Synchronization
import Testing

@Suite struct ConsoleLogTests {
    final class Capture: Sendable {
        let text = Mutex("")
        func append(_ s: String) { text.withLock { $0 += s } }
        var value: String { text.withLock { $0 } }
    }

    final class Clock: Sendable {
        let now = Mutex(0.0)
        func set(_ t: Double) { now.withLock { $0 = t } }
        var value: Double { now.withLock { $0 } }
    }

    static let bad = String(repeating: "b", count: 40)
    static let mid = String(repeating: "c", count: 40)

    /// A job's first test call on a revision: two runs, one crashed, then the batch's summary lines.
    static let script: [JobEvent] = [
        .jobStarted(.init(job: JobID(rawValue: "j1"), bad: bad, good: nil, mode: .cause, strategy: .bayes)),
        .line("bisecting cause commit starting from \(bad)"),
        .phaseChanged(.bisecting),
        .revisionChosen(commit: mid, runs: 2, reason: "most expected information per unit of cost"),
        .line("testing commit \(mid)"),
        .buildStarted(commit: mid),
        .buildFinished(commit: mid, result: BuildResult(status: .built, seconds: 3)),
        .runFinished(commit: mid, run: RunResult(index: 0, outcome: .ok, seconds: 1)),
        .runFinished(
            commit: mid, run: RunResult(index: 1, outcome: .crashed(title: "KASAN: use-after-free", report: nil), seconds: 1)),
        .testFinished(commit: mid, runs: 2, seconds: 2),
        .line("run #0: OK"),
        .line("run #1: crashed: KASAN: use-after-free"),
        .verdict(commit: mid, verdict: .undecided, probability: 0.5),
        .progress(
            BisectionProgress(
                phase: .bisecting, revisionsTested: 2, builds: 2, runs: 10, candidatesLeft: 7, bestProbability: 0.42,
                bestCandidate: mid, estimatedTestsLeft: 3, estimatedSecondsLeft: 90)),
        .line("# undecided \(mid): crash present with probability 50.0%"),
    ]

    @Test func plainModeStreamsRunLinesAsRunsEndWithoutEscapeCodes() {
        let out = Capture()
        let log = ConsoleLog(isTerminal: false) { out.append($0) }
        for e in Self.script { log.show(e) }
        log.finish()
        #expect(
            out.value == """
                bisecting cause commit starting from \(Self.bad)
                testing commit \(Self.mid)
                run #0: OK
                run #1: crashed: KASAN: use-after-free
                # undecided \(Self.mid): crash present with probability 50.0%

                """)
        #expect(!out.value.contains("\u{1B}"))
    }

    @Test func terminalModeDrawsTheStatusAreaUnderTheLogAndErasesIt() {
        let out = Capture()
        let clock = Clock()
        let log = ConsoleLog(isTerminal: true, clock: { clock.value }, width: { 200 }) { out.append($0) }
        for (i, e) in Self.script.enumerated() {
            clock.set(Double(i))
            log.show(e)
        }
        let screen = out.value
        // The last write: the log line, then the status area (phase, elapsed time, time left,
        // revision, runs done and crashed with titles, best candidate).
        let last = screen.components(separatedBy: "\u{1B}[J").last ?? ""
        #expect(
            last == """
                # undecided \(Self.mid): crash present with probability 50.0%
                ── bisecting · 14s elapsed · about 1m29s left (~3 tests) ──
                  revision  cccccccccccc (most expected information per unit of cost)
                  runs      2/2 done, 1 crashed: KASAN: use-after-free (1)
                  best      cccccccccccc at 42.0%, 7 candidates left
                """)
        // While building, the status says so; a four-line area is erased by moving up three lines.
        #expect(screen.contains("  build     cccccccccccc building, 0s"))
        #expect(screen.contains("\r\u{1B}[3A\u{1B}[J"))
        // Each log line is written once, above the status area; the batch summary is not repeated.
        #expect(screen.components(separatedBy: "run #1: crashed").count == 2)
        log.finish()
        #expect(out.value.hasSuffix("\r\u{1B}[3A\u{1B}[J"))
    }

    @Test func statusLinesFitTheScreenWidth() {
        var board = StatusBoard()
        for e in Self.script { _ = board.apply(e, at: 0) }
        let lines = board.lines(now: 5, width: 30)
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines[2].hasSuffix("…"))
    }
}
