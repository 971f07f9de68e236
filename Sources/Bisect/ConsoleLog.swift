import Foundation
import Model
import Support
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The job's event stream on a terminal or in a file. Log lines (and a `run #i: ...` line as each
/// run ends) scroll; on a terminal a status area under them (``StatusBoard``: phase, revision,
/// build progress, runs done and crashed, elapsed and remaining time, best candidate) is redrawn
/// every second and around each log line. When the output is not a terminal (a file, a pipe, CI),
/// only the plain lines are written, without escape codes.
public final class ConsoleLog: Sendable {
    private struct State {
        var board = StatusBoard()
        /// Lines of the status area on the screen now (cleared before anything else is written).
        var drawn = 0
        var timer: Task<Void, Never>?
        var buildLog: MakeProgress?
    }

    private let state = Mutex(State())
    /// Whether the status area is drawn.
    public let isTerminal: Bool
    private let write: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double
    private let width: @Sendable () -> Int

    /// A log on standard output; the status area is drawn when it is a terminal.
    public convenience init() {
        let start = ContinuousClock.now
        self.init(
            isTerminal: isatty(1) != 0,
            clock: {
                let d = ContinuousClock.now - start
                return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            },
            width: { Self.terminalWidth() }
        ) { text in
            StandardStream.output.write(text)
        }
    }

    /// A log written through `write`, reading the time (seconds) from `clock` and the screen width
    /// from `width` (tests script all three).
    public init(
        isTerminal: Bool, clock: @escaping @Sendable () -> Double = { 0 },
        width: @escaping @Sendable () -> Int = { 100 },
        write: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.clock = clock
        self.width = width
        self.write = write
    }

    /// Writes one log line (above the status area, if any).
    public func line(_ text: String) {
        state.withLock { s in
            write(clear(&s) + text + "\n" + draw(&s))
        }
    }

    /// Shows a job event: its log lines scroll, the status area follows it.
    public func show(_ event: JobEvent) {
        state.withLock { s in
            let now = clock()
            switch event {
            case .buildStarted(let commit):
                s.buildLog = s.board.stateDirectory.flatMap { MakeProgress.latest(under: $0 + "/builds", commit: commit) }
            case .buildFinished(_, let result):
                // The whole log, now that it is complete: the yardstick for the next build.
                if let path = result.logPath, s.buildLog != nil {
                    var whole = MakeProgress(path: path)
                    s.board.setBuildObjects(whole.count())
                }
                s.buildLog = nil
            default: break
            }
            let lines = s.board.apply(event, at: now)
            if isTerminal {
                if s.timer == nil, s.board.started != nil { startTimer(&s) }
                write(clear(&s) + lines.map { $0 + "\n" }.joined() + draw(&s))
            } else if !lines.isEmpty {
                write(lines.map { $0 + "\n" }.joined())
            }
        }
    }

    /// Clears the status area and stops redrawing it (at the end of a job).
    public func finish() {
        state.withLock { s in
            s.timer?.cancel()
            s.timer = nil
            write(clear(&s))
        }
    }

    /// Redraws the status area (the timer calls it every second).
    func redraw() {
        state.withLock { s in
            if var log = s.buildLog {
                s.board.setBuildObjects(log.count())
                s.buildLog = log
            }
            write(clear(&s) + draw(&s))
        }
    }

    private func startTimer(_ s: inout State) {
        s.timer = Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                guard !Task.isCancelled, let self else { return }
                self.redraw()
            }
        }
    }

    /// Escape codes that erase the status area drawn (cursor to its first line, erase to the end).
    private func clear(_ s: inout State) -> String {
        guard isTerminal, s.drawn > 0 else { return "" }
        defer { s.drawn = 0 }
        return "\r" + (s.drawn > 1 ? "\u{1B}[\(s.drawn - 1)A" : "") + "\u{1B}[J"
    }

    /// The status area's text; the cursor stays at the end of its last line.
    private func draw(_ s: inout State) -> String {
        guard isTerminal else { return "" }
        let lines = s.board.lines(now: clock(), width: max(width() - 1, 20))
        s.drawn = lines.count
        return lines.joined(separator: "\n")
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 10 { return Int(size.ws_col) }
        return 80
    }
}
