/// The lines of a console log taken apart once, in raw offsets: where each starts and ends, where
/// its message text starts, who printed it (`ConsoleContext`) and whether a report marker may
/// start in it (the byte-pair filter). Nothing is decoded.
///
/// A report's region walks on past its end (up to `ReportRegion.maxGapLines` lines of other
/// tasks, to see whether its own task goes on); on report-dense input the next report's region
/// walks the same lines again. Both read this table, so each line's prefix and marker filter
/// are computed once, and a line of another task costs a few comparisons.
///
/// Regions start at increasing offsets, so lines before the current one are dropped in bulk as
/// the search moves on (until then they also serve the next report's lead-in): memory is
/// bounded by the lines a few regions walk.
struct LineTable: Sendable {
    struct Line: Sendable {
        /// Offset of the line's first byte.
        var start: Int
        /// Offset of its terminating newline (or the end of the buffer).
        var end: Int
        /// Offset where the message text starts (after the printk prefix).
        var textStart: Int
        /// Who printed it.
        var context: ConsoleContext
        /// A report marker may start in it (`MarkerScanner.mayContainMarker`).
        var marked: Bool
    }

    /// A line holding a report marker, decoded (`ReportRegion.marked`).
    struct Marked: Sendable {
        var line: ConsoleLine
        /// The family of the report header it is, if it is one.
        var family: OopsHeader.Family?
        /// The header continues the report it is printed in (`ReportRegion.notNewReport`).
        var continuation: Bool
        /// A `Kernel panic - not syncing` line.
        var panic: Bool
    }

    /// At most this many lines are kept, and this many marked lines' decodings: a region over
    /// very short lines (2 MB of `y`) reads the rest one at a time without keeping them, so the
    /// table stays a few MB whatever the input.
    static let maxKept = 1 << 16
    static let maxDecoded = 4096

    private var lines: [Line] = []
    /// The last line read past `maxKept`, and its index.
    private var overflow: (index: Int, line: Line)?
    /// Marked lines decoded so far, by start offset: on report-dense input several regions walk
    /// the same lines, and a marked line is decoded and matched against the headers once.
    private var decoded: [Int: Marked] = [:]
    /// The first line still needed.
    private var head = 0
    /// Where the line after the last one in `lines` starts.
    private var nextStart = 0
    private let scanner: MarkerScanner

    init(scanner: MarkerScanner) {
        self.scanner = scanner
    }

    /// Forgets every line (the buffer changed).
    mutating func reset() {
        lines.removeAll(keepingCapacity: true)
        decoded.removeAll(keepingCapacity: true)
        overflow = nil
        head = 0
        nextStart = 0
    }

    /// The index of the line that starts at `start`; lines before it are dropped.
    mutating func seek(_ start: Int) -> Int {
        overflow = nil
        var lo = head
        var hi = lines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lines[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        if lo < lines.count && lines[lo].start == start {
            head = lo
        } else if lo == lines.count && start == nextStart {
            head = lo
        } else {
            // Not a line boundary of the lines read so far: start afresh there.
            lines.removeAll(keepingCapacity: true)
            decoded.removeAll(keepingCapacity: true)
            head = 0
            nextStart = start
        }
        if head >= 4096 && head * 2 >= lines.count {
            lines.removeFirst(head)
            head = 0
            let first = lines.first?.start ?? nextStart
            decoded = decoded.filter { $0.key >= first }
        }
        return head
    }

    /// The line at `index` if it was read and not dropped yet (the lines before the current one
    /// stay until they are dropped in bulk, for a report's lead-in).
    func known(_ index: Int) -> Line? {
        index >= 0 && index < lines.count ? lines[index] : nil
    }

    /// The marked line at `index` (read before with `line`), decoded once.
    mutating func marked(_ line: Line, in b: UnsafeBufferPointer<UInt8>) -> Marked {
        if let known = decoded[line.start] { return known }
        let marked = ReportRegion.marked(b, start: line.start, end: line.end)
        if decoded.count < Self.maxDecoded { decoded[line.start] = marked }
        return marked
    }

    /// The line at `index` (from `seek` on), reading further lines of `b` as needed; nil past
    /// the end of `b`.
    @inline(__always)
    mutating func line(_ index: Int, in b: UnsafeBufferPointer<UInt8>) -> Line? {
        while lines.count <= index && lines.count < Self.maxKept {
            guard nextStart < b.count else { return nil }
            let line = read(b, at: nextStart)
            lines.append(line)
            nextStart = line.end + 1
        }
        if index < lines.count { return lines[index] }
        // Past the cap: lines are read in order and only the last one is kept.
        if let last = overflow, last.index == index { return last.line }
        let start: Int
        if let last = overflow, last.index == index - 1 {
            start = last.line.end + 1
        } else if index == lines.count {
            start = nextStart
        } else {
            return nil
        }
        guard start < b.count else { return nil }
        let line = read(b, at: start)
        overflow = (index, line)
        return line
    }

    private func read(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Line {
        let end = scanner.lineEnd(b, from: start)
        let (context, textStart) = ConsolePrefix.split(b, start: start, end: end)
        return Line(
            start: start, end: end, textStart: textStart, context: context,
            marked: scanner.mayContainMarker(b, start: start, end: end))
    }
}
