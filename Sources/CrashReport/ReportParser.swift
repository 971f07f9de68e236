/// Turns console output (kernel logs, program output) into crash reports.
///
/// Works on raw bytes: a one-pass scan finds report headers, then only the lines of each report
/// are decoded. Memory stays proportional to the reports found, not to the log.
public struct ReportParser: Sendable {
    /// At most this many reports are returned from one log.
    public var maximumReports: Int

    private let scanner = MarkerScanner()

    public init() { maximumReports = 64 }

    /// All crash reports in a console log / program output, primary first. Never crashes.
    public func parse(_ log: [UInt8]) -> [Report] {
        log.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    /// All crash reports in a console log / program output, primary first. Never crashes.
    public func parse(_ log: String) -> [Report] {
        parse(Array(log.utf8))
    }

    /// Whether the log holds any crash report (cheaper than `parse` when the answer is no).
    public func containsCrash(_ log: [UInt8]) -> Bool {
        log.withUnsafeBufferPointer { scanner.firstOops(in: $0, from: 0) != nil }
    }

    func parse(buffer b: UnsafeBufferPointer<UInt8>) -> [Report] {
        var reports: [Report] = []
        var position = 0
        var lastPanic: Int??
        while reports.count < maximumReports, let (header, oops) = scanner.firstOops(in: b, from: position) {
            let region = ReportRegion(b, header: header, scanner: scanner)
            // "panic:" / "fatal error:" without a goroutine dump is somebody else's message.
            if oops.family == .goPanic || oops.family == .goFatal,
                !UserSpaceTitles.hasGoStack(region.lines[...])
            {
                position = min(b.count, header.end + 1)
                continue
            }
            if lastPanic == nil { lastPanic = .some(b.lastOccurrence(of: Self.panicMarker, from: header.start)) }
            var report = ReportBuilder.build(region: region, header: oops)
            if let p = lastPanic ?? nil, p >= header.start { report.panicked = true }
            // A user-space panic ends the process; a Go runtime failure ("fatal error:") is the
            // fuzzer's own process dying, not a panic of the system under test.
            if oops.family == .goPanic || oops.family == .rustPanic { report.panicked = true }
            report.suppressed = Suppressions.matches(region)
            reports.append(report)
            guard let next = region.nextReport, next > position else { break }
            position = next
        }
        return reports
    }

    private static let panicMarker = Array("Kernel panic - not syncing".utf8)
}
