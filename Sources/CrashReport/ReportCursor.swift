/// The one forward pass behind `ReportParser` and `ReportStream`: finds each report header in
/// order, cuts the report out (bounded by its end marker, the next report, a gap in its task's
/// output or a size cap) and resumes the search where that cut stopped looking, so every byte is
/// examined a bounded number of times whatever the number of reports.
///
/// It works on a window of the input (`b`, whose first byte is at absolute offset `base`) and
/// reports in absolute offsets; with `final` unset it stops before a header whose report could
/// run past the end of the window, so the caller can append more input and call again.
struct ReportCursor: Sendable {
    /// Absolute offset where the search for the next header resumes.
    private(set) var position = 0
    /// A report already cut out, held back until it is clear whether a panic follows it.
    private var pending: Report?
    /// The pending report is released once the search passed this absolute offset.
    private var pendingUntil = 0
    /// Console time of the pending report's last line, when it has one.
    private var pendingSeconds: Double?
    /// Reports handed out so far.
    private(set) var emitted = 0
    /// A further report was found after `maximum` reports had been handed out.
    private(set) var limitReached = false
    /// The pass is over (limit reached); further input is ignored.
    private(set) var done = false

    let maximum: Int
    private let scanner: MarkerScanner
    /// The lines of the window, taken apart once for all the regions that walk them.
    private var table: LineTable

    /// How far past its header a report may reach (raw bytes, other tasks' lines included).
    static let maxSpan = ReportRegion.maxSpan
    /// How much text before a header is kept for its lead-in lines.
    static let leadInWindow = ReportRegion.leadInBytes
    /// A `Kernel panic - not syncing` this close after a report's end is that report's aftermath.
    static let panicAttachBytes = 64 * 1024

    init(maximum: Int, scanner: MarkerScanner) {
        self.maximum = max(0, maximum)
        self.scanner = scanner
        table = LineTable(scanner: scanner)
    }

    /// Advances through the window; returns the absolute offset before which no byte is needed
    /// any more (everything before it may be dropped by a streaming caller).
    mutating func advance(
        _ b: UnsafeBufferPointer<UInt8>, base: Int, final: Bool, emit: (Report) -> Void
    ) -> Int {
        guard !done else { return base + b.count }
        // The window is new (it grew, or its start was dropped): its lines are read afresh.
        table.reset()
        defer { table.reset() }
        // Only whole lines are searched unless the input ended.
        var searchEnd = b.count
        if !final {
            var last = b.count - 1
            while last >= 0 && b[last] != 10 { last -= 1 }
            searchEnd = last + 1
            // A line longer than a report may be is searched as it is, not waited for.
            if b.count - searchEnd >= Self.maxSpan { searchEnd = b.count }
        }
        while !done {
            let from = position - base
            guard from < searchEnd,
                let (header, oops) = scanner.firstOops(
                    in: UnsafeBufferPointer(rebasing: b[..<searchEnd]), from: max(0, from))
            else {
                position = max(position, base + searchEnd)
                if pending != nil && (final || position >= pendingUntil) { release(emit) }
                break
            }
            // The report may reach `maxSpan` past its header: wait for the input to get there.
            if !final && header.start + Self.maxSpan > b.count {
                position = base + header.start
                break
            }
            let region = ReportRegion(b, header: header, table: &table)
            let resume = base + max(region.nextReport ?? region.scanEnd, header.end + 1)
            // "panic:" / "fatal error:" without a goroutine dump is somebody else's message.
            if oops.family == .goPanic || oops.family == .goFatal,
                !UserSpaceTitles.hasGoStack(region.lines[...])
            {
                position = base + min(b.count, header.end + 1)
                continue
            }
            // The panic that follows a report (panic_on_warn, Fatal exception) is its aftermath.
            if oops.family == .kernelPanic, var last = pending, base + header.start <= pendingUntil,
                header.text.contains("Kernel panic - not syncing"),
                Self.soonAfter(pendingSeconds, ConsolePrefix.seconds(b, start: header.start, end: header.end))
            {
                last.panicked = true
                pending = last
                position = resume
                continue
            }
            if pending != nil { release(emit) }
            if emitted >= maximum {
                limitReached = true
                done = true
                break
            }
            var report = ReportBuilder.build(region: region, header: oops)
            report.startOffset += base
            report.endOffset += base
            if region.panicInside { report.panicked = true }
            // A user-space panic ends the process; a Go runtime failure ("fatal error:") is the
            // fuzzer's own process dying, not a panic of the system under test.
            if oops.family == .goPanic || oops.family == .rustPanic || oops.family == .kernelPanic {
                report.panicked = true
            }
            report.suppressed = Suppressions.matches(region)
            pending = report
            pendingUntil = report.endOffset + Self.panicAttachBytes
            pendingSeconds = region.lastSeconds
            position = resume
        }
        if final && pending != nil { release(emit) }
        // Keep the lead-in of whatever header comes next.
        return max(base, min(position, base + b.count) - Self.leadInWindow)
    }

    /// A line printed at `later` follows one printed at `earlier` without a pause (true when
    /// either has no timestamp).
    static func soonAfter(_ earlier: Double?, _ later: Double?) -> Bool {
        guard let earlier, let later else { return true }
        return later >= earlier && later - earlier <= ReportRegion.maxGapSeconds
    }

    private mutating func release(_ emit: (Report) -> Void) {
        guard let report = pending else { return }
        pending = nil
        emitted += 1
        emit(report)
    }
}
