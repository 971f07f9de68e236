import Bisect
import Synchronization
import Testing

@Suite struct ConsoleLogTests {
    final class Capture: Sendable {
        let text = Mutex("")
        func append(_ s: String) { text.withLock { $0 += s } }
        var value: String { text.withLock { $0 } }
    }

    @Test func progressLineIsRewrittenAndClearedBeforeLogLines() {
        let out = Capture()
        let log = ConsoleLog(isTerminal: true) { out.append($0) }
        log.line("testing commit a")
        log.progress("2/9 revisions")
        log.progress("3/9 revisions")
        log.line("all runs: OK")
        log.finish()
        #expect(
            out.value
                == "testing commit a\n\r\u{1B}[K2/9 revisions\r\u{1B}[K3/9 revisions\r\u{1B}[Kall runs: OK\n")
    }

    @Test func noProgressLineWhenNotATerminal() {
        let out = Capture()
        let log = ConsoleLog(isTerminal: false) { out.append($0) }
        log.progress("1/9")
        log.line("run #0: OK")
        log.progress("2/9")
        log.finish()
        #expect(out.value == "run #0: OK\n")
    }
}
