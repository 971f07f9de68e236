/// Turns console output (kernel logs, program output) into crash reports.
///
/// Works on raw bytes in one forward pass (see `ReportCursor`): a byte-pair filter finds report
/// headers, only the lines of each report are decoded, and each report is cut at its own end.
/// Time is linear in the input whatever the number of reports; for input of any length, use
/// `ReportStream`, which keeps only a window around the current report.
public struct ReportParser: Sendable {
    /// At most this many reports are returned from one log (no limit by default); `parseAll`
    /// says whether a further report was left out.
    public var maximumReports: Int

    let scanner = MarkerScanner()

    public init() { maximumReports = .max }

    /// Every crash report in a log, in order, and whether `maximumReports` cut the list short.
    public struct Result: Sendable {
        /// The reports, in the order they start in the input.
        public var reports: [Report]
        /// A report beyond `maximumReports` was found (and the search stopped there).
        public var limitReached: Bool
    }

    /// All crash reports in a console log / program output, in order. Never crashes.
    public func parse(_ log: [UInt8]) -> [Report] {
        parseAll(log).reports
    }

    /// All crash reports in a console log / program output, in order. Never crashes.
    public func parse(_ log: String) -> [Report] {
        parse(Array(log.utf8))
    }

    /// All crash reports and whether the limit was reached.
    public func parseAll(_ log: [UInt8]) -> Result {
        log.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    /// Whether the log holds any crash report (cheaper than `parse` when the answer is no).
    public func containsCrash(_ log: [UInt8]) -> Bool {
        log.withUnsafeBufferPointer { scanner.firstOops(in: $0, from: 0) != nil }
    }

    func parse(buffer b: UnsafeBufferPointer<UInt8>) -> Result {
        var cursor = ReportCursor(maximum: maximumReports, scanner: scanner)
        var reports: [Report] = []
        _ = cursor.advance(b, base: 0, final: true) { reports.append($0) }
        return Result(reports: reports, limitReached: cursor.limitReached)
    }
}
