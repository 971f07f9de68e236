/// The lines of one report cut out of a console log: the lines printed by the same task (or
/// CPU) as the header, up to the next report, plus a few lines of lead-in before it.
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
    /// Offset of the first byte of the header line.
    var start = 0
    /// Offset just past the last line taken into `lines`.
    var end = 0
    /// Offset of the header line of the next report, if another one starts later.
    var nextReport: Int?

    /// Upper bounds that keep one report small whatever the log looks like.
    static let maxLines = 3000
    static let maxBytes = 1 << 20

    /// Markers that appear inside a report without starting a new one.
    static let notNewReport = [
        "invalid opcode: 0000", "Kernel panic - not syncing", "unregister_netdevice: waiting for",
        "PANIC: double fault", "Internal error:",
    ]
    /// Informational messages with a stack of their own: a report interrupted by one is damaged.
    static let infoWithStack = [
        "vmalloc: allocation failure:", "FAULT_INJECTION: forcing a failure",
        "FAULT_FLAG_ALLOW_RETRY missing",
    ]

    /// Cuts the report whose header line is `header` out of `b`.
    init(_ b: UnsafeBufferPointer<UInt8>, header: ConsoleLine, scanner: MarkerScanner) {
        start = header.start
        let context = header.context
        let isTask = context.hasPrefix("T")
        let hasCaller = !context.isEmpty && context != "console"
        prefix = Self.leadIn(b, before: header.start, context: context, limit: isTask ? 50 : 5)

        var secondReport: Int?
        var textLines = 0
        var skipText = false
        var cpuTraceback = false
        var bytes = 0
        var pos = header.start
        var first = true
        var previousText = ""
        let oopsFamily = OopsHeader.match(header.text)?.family
        while pos < b.count {
            let next = scanner.lineEnd(b, from: pos)
            let line = first ? header : ConsolePrefix.line(b, start: pos, end: next)
            defer { pos = next + 1 }
            if !first {
                if secondReport == nil {
                    if scanner.mayContainMarker(b, start: pos, end: next), let h = OopsHeader.match(line.text) {
                        // A symbolized header repeats once per inlined frame ("... in f file.h:1 [inline]").
                        let inlineRepeat = previousText.contains(" [inline]") && h.family == oopsFamily
                        if (!Self.notNewReport.contains(where: { line.text.contains($0) })
                            || h.family == .userSanitizer) && !inlineRepeat
                        {
                            secondReport = pos
                        }
                    } else if Self.infoWithStack.contains(where: { line.text.contains($0) }) {
                        secondReport = pos
                    }
                }
                let foreign = line.context != context && !(cpuTraceback && line.context.hasPrefix("C"))
                if line.questionable || foreign {
                    if secondReport != nil && !hasCaller && trailing.count >= Self.maxTrailing { break }
                    continue
                }
            }
            previousText = line.text
            textLines += 1
            var skipLine = skipText
            if line.text.contains("Disabling lock debugging due to kernel taint") {
                skipLine = true
            } else if line.text.contains("Sending NMI from CPU") {
                cpuTraceback = true
            } else if textLines > 22
                && (line.text.contains("Kernel panic - not syncing")
                    || line.text.contains("WARNING: possible circular locking dependency detected"))
            {
                skipText = true
                skipLine = true
            }
            if !first && skipLine { continue }
            first = false
            if secondReport != nil && !hasCaller {
                // Kept only to find the guilty file when this report names none.
                if trailing.count >= Self.maxTrailing { break }
                trailing.append(line.text)
                continue
            }
            lines.append(line.text)
            end = min(next + 1, b.count)
            if secondReport == nil || hasCaller { titleLineCount = lines.count }
            bytes += line.text.utf8.count
            if lines.count >= Self.maxLines || bytes >= Self.maxBytes { break }
        }
        if titleLineCount == 0 { titleLineCount = lines.count }
        nextReport = secondReport
    }

    /// `=====`, `-----` or `------------[ cut here ]------------`.
    static func isSeparator(_ text: String) -> Bool {
        let marks = text.utf8.filter { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "-") }.count
        return text.contains("cut here") || (marks >= 10 && marks * 10 >= text.utf8.count * 9)
    }

    /// Up to `limit` non-empty lines of `context` just before `offset` (looks back a bounded distance).
    private static func leadIn(_ b: UnsafeBufferPointer<UInt8>, before offset: Int, context: String, limit: Int)
        -> [String]
    {
        var result: [String] = []
        var end = offset - 1
        var examined = 0
        while end > 0 && result.count < limit && examined < 500 && offset - end < 262_144 {
            var start = end - 1
            while start >= 0 && b[start] != 10 { start -= 1 }
            let line = ConsolePrefix.line(b, start: start + 1, end: end)
            examined += 1
            if line.context == context && !line.text.isEmpty && !line.questionable {
                // Without a caller id the lines before a header may be anybody's output (a
                // program's stdout before its sanitizer report): only separators lead in.
                if context.isEmpty || context == "console" {
                    guard Self.isSeparator(line.text) else { break }
                }
                result.append(line.text)
            }
            end = start
        }
        return result.reversed()
    }
}
