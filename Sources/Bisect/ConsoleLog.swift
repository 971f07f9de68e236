import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a bisection's streamed log to standard output and, on a terminal, keeps one
/// progress line under it: rewritten in place with `\r`, cleared before each log line so that
/// log lines are never mixed with it. When standard output is not a terminal (a file, a
/// pipe, CI), only log lines are written.
public final class ConsoleLog: Sendable {
    private struct State {
        var progressShown = false
    }

    private let state = Mutex(State())
    /// Whether the progress line is drawn.
    public let isTerminal: Bool
    private let write: @Sendable (String) -> Void

    /// A log on standard output; the progress line is drawn when it is a terminal.
    public convenience init() {
        self.init(isTerminal: isatty(1) != 0) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// A log written through `write` (tests).
    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
    }

    /// Writes one log line (after clearing the progress line, if any).
    public func line(_ text: String) {
        state.withLock { s in
            write((s.progressShown ? "\r\u{1B}[K" : "") + text + "\n")
            s.progressShown = false
        }
    }

    /// Replaces the progress line; does nothing when not on a terminal.
    public func progress(_ text: String) {
        guard isTerminal else { return }
        let width = Self.terminalWidth()
        let shown = text.count < width ? text : String(text.prefix(max(1, width - 2))) + "…"
        state.withLock { s in
            write("\r\u{1B}[K" + shown)
            s.progressShown = true
        }
    }

    /// Clears the progress line (at the end of a job).
    public func finish() {
        state.withLock { s in
            if s.progressShown { write("\r\u{1B}[K") }
            s.progressShown = false
        }
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 10 { return Int(size.ws_col) }
        return 80
    }
}
