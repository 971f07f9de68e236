/// The lines of one report cut out of a console log: the lines printed by the same task (or
/// CPU) as the header, up to where the report ends, plus a few lines of lead-in before it.
///
/// A report ends at the kernel's own end marker (`---[ end trace ...]---`, the closing `=====`
/// of a sanitizer report), at the next report of the same task (of any task when lines carry no
/// caller id; a few lines after it are kept for the guilty file only), when its task has been
/// silent for `maxGapLines` lines or `maxGapSeconds` of console time, or at the size caps.
struct ReportRegion: Sendable {
    /// Lead-in lines of the same context printed just before the header.
    var prefix: [String] = []
    /// Report lines, header first (prefixes stripped).
    var lines: [String] = []
    /// Lines of the same context after the next report started (bounded; used for the guilty file only).
    var trailing: [String] = []
    static let maxTrailing = 300
    /// How many of `lines` belong to this report before a second report starts.
    var titleLineCount = 0
    /// How many of `lines` lie within the report's extent (`start..<end`).
    var extentLineCount = 0
    /// Offset of the first byte of the header line.
    var start = 0
    /// Offset just past the last line taken into `lines`.
    var end = 0
    /// Offset where the cut stopped looking: every header before it was seen (the next report,
    /// if any, is `nextReport`).
    var scanEnd = 0
    /// Offset of the header line of the next report, if another one starts within the scan.
    var nextReport: Int?
    /// A `Kernel panic - not syncing` line was printed inside the report.
    var panicInside = false
    /// A sanitizer report (KASAN, KMSAN, KCSAN, UBSAN: they close with a `=====` rule) was cut by another report of its own task before
    /// that rule: two reports interleaved, so the text is damaged.
    var interrupted = false
    /// Console time of the report's last own line, when lines carry timestamps.
    var lastSeconds: Double?

    /// Upper bounds that keep one report small whatever the log looks like.
    static let maxLines = 3000
    static let maxBytes = 1 << 20
    /// Raw bytes (other tasks' lines included) looked at past the header.
    static let maxSpan = 2 << 20
    /// How far back the lead-in lines are looked for.
    static let leadInBytes = 262_144
    /// Lines of other tasks in a row after which a report whose task stays silent has ended.
    static let maxGapLines = 1000
    /// Console time between two lines of a report after which it has ended (reports are printed
    /// in one burst).
    static let maxGapSeconds = 10.0

    /// Markers that appear inside a report without starting a new one.
    static let notNewReport = [
        "invalid opcode: 0000", "Kernel panic - not syncing", "unregister_netdevice: waiting for",
        "PANIC: double fault", "Internal error:",
    ]
    /// Informational messages with a stack of their own: a report interrupted by one is damaged.
    static let infoWithStack = [
        Needle("vmalloc: allocation failure:"), Needle("FAULT_INJECTION: forcing a failure"),
        Needle("FAULT_FLAG_ALLOW_RETRY missing"),
    ]

    private static let endTrace = Needle("---[ end trace")
    private static let endPanic = Needle("---[ end Kernel panic")
    private static let disablingLockDebugging = Needle("Disabling lock debugging due to kernel taint")
    private static let sendingNMI = Needle("Sending NMI from CPU")
    private static let kernelPanic = Needle("Kernel panic - not syncing")
    private static let circularLocking = Needle("WARNING: possible circular locking dependency detected")

    /// Cuts the report whose header line is `header` out of `b`, reading its lines from `table`.
    init(_ b: UnsafeBufferPointer<UInt8>, header: ConsoleLine, table: inout LineTable) {
        start = header.start
        var index = table.seek(header.start)
        let context = table.line(index, in: b)?.context ?? .none
        let isTask = context.isCaller(UInt8(ascii: "T"), in: b)
        let hasCaller = context.kind == .caller
        prefix = Self.leadIn(
            b, before: header.start, context: context, limit: isTask ? 50 : 5, table: table, index: index)
        // A report that opened with a `=====` line closes with one (KASAN, KCSAN, KMSAN, UBSAN).
        let closesWithSeparator = prefix.last.map { Self.isRule($0, UInt8(ascii: "=")) } ?? false

        let limit = min(b.count, header.start &+ Self.maxSpan)
        var secondReport: Int?
        var textLines = 0
        var skipText = false
        var cpuTraceback = false
        var bytes = 0
        var pos = header.start
        var first = true
        var previousText = ""
        var foreignRun = 0
        var extentClosed = false
        lastSeconds = ConsolePrefix.seconds(b, start: header.start, end: header.end)
        let oopsFamily = OopsHeader.match(header.text)?.family
        while pos < limit, let entry = table.line(index, in: b) {
            index += 1
            let next = entry.end
            let lineStart = pos
            pos = next + 1
            let text: String
            if first {
                text = header.text
            } else {
                // The caller id first: another task's line is decoded only when it may hold a marker.
                let lineContext = entry.context
                let textStart = entry.textStart
                var decoded: ConsoleLine?
                if entry.marked {
                    let marked = table.marked(entry, in: b)
                    decoded = marked.line
                    if let family = marked.family {
                        let continuation = marked.continuation
                        if marked.panic { panicInside = true }
                        // A symbolized header repeats once per inlined frame ("... in f file.h:1 [inline]").
                        let inlineRepeat = previousText.contains(" [inline]") && family == oopsFamily
                        if secondReport == nil && (!continuation || family == .userSanitizer) && !inlineRepeat {
                            secondReport = lineStart
                            // With caller ids, the same task's next report ends this one's extent;
                            // its lines still count for the title (a cut header is completed by
                            // the line that repeats it, a Rust panic by the BUG it raises).
                            if hasCaller && lineContext.same(as: context, in: b) { extentClosed = true }
                        } else if hasCaller && lineContext.same(as: context, in: b) && !continuation && !inlineRepeat {
                            extentClosed = true
                        }
                    }
                } else if secondReport == nil
                    && Self.infoWithStack.contains(where: { $0.occurs(in: b, from: textStart, to: next) })
                {
                    secondReport = lineStart
                    if hasCaller && lineContext.same(as: context, in: b) { extentClosed = true }
                }
                let cpuLine = cpuTraceback && lineContext.isCaller(UInt8(ascii: "C"), in: b)
                let foreign = !lineContext.same(as: context, in: b) && !cpuLine
                let own =
                    foreign
                    ? nil
                    : (decoded.map { (text: $0.text, questionable: $0.questionable) }
                        ?? ConsolePrefix.message(b, textStart: textStart, end: next, context: lineContext))
                guard let own, !own.questionable else {
                    if secondReport != nil && !hasCaller && trailing.count >= Self.maxTrailing { break }
                    foreignRun += 1
                    if foreign && foreignRun > Self.maxGapLines { break }
                    continue
                }
                text = own.text
                // Own line: a long silence of this task means the report is over.
                if let s = ConsolePrefix.seconds(b, start: lineStart, end: next) {
                    if let l = lastSeconds, s - l > Self.maxGapSeconds {
                        pos = lineStart
                        break
                    }
                    lastSeconds = s
                }
                foreignRun = 0
            }
            previousText = text
            textLines += 1
            let marks = Self.marks(in: text, first: first, late: textLines > 22)
            let endsReport =
                !first
                && (marks.endTrace || (closesWithSeparator && textLines > 3 && Self.isRule(text, UInt8(ascii: "="))))
            var skipLine = skipText
            if marks.disablingLockDebugging {
                skipLine = true
            } else if marks.sendingNMI {
                cpuTraceback = true
            } else if marks.panicOrCircular {
                skipText = true
                skipLine = true
            }
            if !first && skipLine {
                if endsReport { break }
                continue
            }
            first = false
            if secondReport != nil && !hasCaller {
                // Kept only to find the guilty file when this report names none.
                if trailing.count >= Self.maxTrailing { break }
                trailing.append(text)
                continue
            }
            lines.append(text)
            if !extentClosed {
                end = min(next + 1, b.count)
                extentLineCount = lines.count
            }
            if secondReport == nil || hasCaller { titleLineCount = lines.count }
            bytes += text.utf8.count
            if endsReport || lines.count >= Self.maxLines || bytes >= Self.maxBytes { break }
        }
        // The sanitizers always print the closing rule (lockdep opens with one and closes without).
        let sanitizer = ["KASAN:", "KMSAN:", "KCSAN:", "UBSAN:"].contains(where: { header.text.contains($0) })
        interrupted = extentClosed && closesWithSeparator && sanitizer
        if titleLineCount == 0 { titleLineCount = lines.count }
        if extentLineCount == 0 { extentLineCount = lines.count }
        nextReport = secondReport
        scanEnd = min(max(pos, end), b.count)
    }

    /// The fixed strings a report line is checked for, searched in one pass over its bytes:
    /// an end-of-trace marker (not on the header line), the lock-debugging notice, an NMI
    /// backtrace, and (past the first 22 lines, `late`) a panic or a circular-locking report.
    private static func marks(in text: String, first: Bool, late: Bool) -> (
        endTrace: Bool, disablingLockDebugging: Bool, sendingNMI: Bool, panicOrCircular: Bool
    ) {
        let search = { (b: UnsafeBufferPointer<UInt8>) in
            let n = b.count
            let endTrace = !first && (endTrace.occurs(in: b, from: 0, to: n) || endPanic.occurs(in: b, from: 0, to: n))
            if disablingLockDebugging.occurs(in: b, from: 0, to: n) { return (endTrace, true, false, false) }
            if sendingNMI.occurs(in: b, from: 0, to: n) { return (endTrace, false, true, false) }
            let late =
                late && (kernelPanic.occurs(in: b, from: 0, to: n) || circularLocking.occurs(in: b, from: 0, to: n))
            return (endTrace, false, false, late)
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(search) { return found }
        var copy = text
        return copy.withUTF8(search)
    }

    /// A line holding a marker, decoded: which report header it is, whether it continues the
    /// report it is in (`notNewReport`) and whether it is a panic.
    static func marked(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> LineTable.Marked {
        let line = ConsolePrefix.line(b, start: start, end: end)
        guard let header = OopsHeader.match(line.text) else {
            return LineTable.Marked(line: line, family: nil, continuation: false, panic: false)
        }
        return LineTable.Marked(
            line: line, family: header.family,
            continuation: notNewReport.contains(where: { line.text.contains($0) }),
            panic: line.text.contains("Kernel panic - not syncing"))
    }

    /// `=====`, `-----` or `------------[ cut here ]------------`.
    static func isSeparator(_ text: String) -> Bool {
        let marks = text.utf8.filter { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "-") }.count
        return text.contains("cut here") || (marks >= 10 && marks * 10 >= text.utf8.count * 9)
    }

    /// A line made only of `mark` (at least ten of them; spaces around allowed).
    static func isRule(_ text: String, _ mark: UInt8) -> Bool {
        var count = 0
        for c in text.utf8 {
            if c == mark {
                count += 1
            } else if c != 32 && c != 9 && c != 13 {
                return false
            }
        }
        return count >= 10
    }

    /// Up to `limit` non-empty lines of `context` just before `offset` (looks back a bounded distance).
    /// The lines before the header are taken from `table` while it holds them (the previous
    /// region read them: `index` is the header's line), else read back from `b`.
    private static func leadIn(
        _ b: UnsafeBufferPointer<UInt8>, before offset: Int, context: ConsoleContext, limit: Int, table: LineTable,
        index: Int
    ) -> [String] {
        var result: [String] = []
        var end = offset - 1
        var examined = 0
        var known = index - 1
        while end > 0 && result.count < limit && examined < 500 && offset - end < leadInBytes {
            // The newline before the line (-1 at the start of the buffer), and who printed it.
            let start: Int
            let lineContext: ConsoleContext
            if let line = table.known(known), line.end == end, line.start == 0 || b[line.start - 1] == 10 {
                start = line.start - 1
                lineContext = line.context
                known -= 1
            } else {
                known = -1
                start = b.lastIndex(of: 10, before: end)
                lineContext = ConsolePrefix.split(b, start: start + 1, end: end).context
            }
            examined += 1
            // The caller id first: only this context's lines are decoded.
            guard lineContext.same(as: context, in: b) else {
                end = start
                continue
            }
            let line = ConsolePrefix.line(b, start: start + 1, end: end)
            if !line.text.isEmpty && !line.questionable {
                // Without a caller id the lines before a header may be anybody's output (a
                // program's stdout before its sanitizer report): only separators lead in.
                if context.kind != .caller {
                    guard Self.isSeparator(line.text) else { break }
                }
                result.append(line.text)
            }
            end = start
        }
        return result.reversed()
    }
}
