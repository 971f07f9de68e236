/// Parses input of any length in bounded memory: feed it chunks as they arrive, and it hands
/// out each report once the report (and a short aftermath, for a following panic) is complete.
///
/// Only a window is kept: the lead-in before the search position (`ReportRegion.leadInBytes`)
/// and up to `ReportRegion.maxSpan` after a report's header, plus the chunk being added.
public struct ReportStream: Sendable {
    private var cursor: ReportCursor
    private var window: [UInt8] = []
    /// Absolute offset of `window[0]` in the whole input.
    private var base = 0
    /// Bytes read so far.
    public private(set) var bytesRead = 0
    /// The largest the window has been, in bytes (for figures).
    public private(set) var largestWindow = 0

    /// A stream that hands out at most `maximumReports` reports.
    public init(maximumReports: Int = .max) {
        cursor = ReportCursor(maximum: maximumReports, scanner: MarkerScanner())
    }

    /// A report beyond the maximum was found; the rest of the input is not searched.
    public var limitReached: Bool { cursor.limitReached }

    /// Adds input; returns the reports completed by it.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Report] {
        bytesRead += bytes.count
        guard !cursor.done else { return [] }
        window.append(contentsOf: bytes)
        return run(final: false)
    }

    /// Ends the input; returns the reports still open.
    public mutating func finish() -> [Report] {
        run(final: true)
    }

    private mutating func run(final: Bool) -> [Report] {
        largestWindow = max(largestWindow, window.count)
        var reports: [Report] = []
        let base = self.base
        let keep = window.withUnsafeBufferPointer { b in
            cursor.advance(b, base: base, final: final) { reports.append($0) }
        }
        let drop = min(window.count, keep - base)
        if final {
            self.base += window.count
            window = []
        } else if drop > 0 {
            window.removeFirst(drop)
            self.base += drop
        }
        return reports
    }
}
