/// Byte-level helpers for console prefixes; everything works on a raw buffer and never traps.
enum ConsolePrefix {
    /// Splits the prefix off the line `[start, end)` of `buffer`.
    /// Returns the caller context and the offset where the message text begins.
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> (context: String, textStart: Int) {
        let (context, textStart) = split(buffer, start: start, end: end)
        return (context.string(in: buffer), textStart)
    }

    /// Like `parse`, with the context as a range of the buffer (nothing decoded).
    static func split(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> (
        context: ConsoleContext, textStart: Int
    ) {
        if let parsed = parseAt(buffer, start, end) { return parsed }
        // "** 12 printk messages dropped ** [  1.2] ..." and "host login: [  1.2] ...".
        var i = start
        while i + 1 < end {
            if buffer[i] == UInt8(ascii: "[") || buffer[i] == UInt8(ascii: "<") {
                if i > start && (buffer[i - 1] == UInt8(ascii: " ")), let parsed = parseAt(buffer, i, end) {
                    return parsed
                }
            }
            i += 1
            if i - start > 200 { break }
        }
        var textStart = start
        // A bare syslog level "<4>" without a timestamp.
        if textStart < end && buffer[textStart] == UInt8(ascii: "<") {
            var j = textStart + 1
            while j < end && isDigit(buffer[j]) { j += 1 }
            if j < end && j > textStart + 1 && buffer[j] == UInt8(ascii: ">") { textStart = j + 1 }
        }
        return (.none, textStart)
    }

    private static func parseAt(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (ConsoleContext, Int)? {
        var i = start
        if i < end && b[i] == UInt8(ascii: "<") {
            var j = i + 1
            while j < end && isDigit(b[j]) { j += 1 }
            guard j < end, j > i + 1, b[j] == UInt8(ascii: ">") else { return nil }
            i = j + 1
        }
        guard i < end, b[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        while i < end && b[i] == UInt8(ascii: " ") { i += 1 }
        let digits = i
        while i < end && isDigit(b[i]) { i += 1 }
        guard i > digits, i < end, b[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        let fraction = i
        while i < end && isDigit(b[i]) { i += 1 }
        guard i > fraction, i < end, b[i] == UInt8(ascii: "]") else { return nil }
        i += 1
        var context = ConsoleContext.console
        if i < end && b[i] == UInt8(ascii: "[") {
            var j = i + 1
            while j < end && b[j] == UInt8(ascii: " ") { j += 1 }
            if j < end && (b[j] == UInt8(ascii: "T") || b[j] == UInt8(ascii: "C")) {
                let kind = j
                j += 1
                let number = j
                while j < end && isDigit(b[j]) { j += 1 }
                if j > number && j < end && b[j] == UInt8(ascii: "]") {
                    context = ConsoleContext(kind: .caller, start: kind, end: j)
                    i = j + 1
                }
            }
        }
        if i < end && b[i] == UInt8(ascii: " ") {
            return (context, i + 1)
        }
        if i == end { return (context, i) }
        return nil
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Decodes bytes as text, dropping `\r` and replacing invalid UTF-8.
    static func text(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        let slice = UnsafeBufferPointer(rebasing: b[start..<end])
        if !slice.contains(UInt8(ascii: "\r")) {
            return String(decoding: slice, as: UTF8.self)
        }
        return String(decoding: slice.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
    }

    /// Builds a `ConsoleLine`, marking unreliable `? func` frames. The checks run on the bytes and
    /// only the text kept is decoded.
    static func line(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> ConsoleLine {
        let (context, textStart) = split(b, start: start, end: end)
        let (text, questionable) = message(b, textStart: textStart, end: end, context: context)
        return ConsoleLine(
            start: start, end: end, text: text, context: context.string(in: b), questionable: questionable)
    }

    /// The message text of a line whose prefix was split off (`textStart`), and whether it is an
    /// unreliable `? func` frame (only lines with a timestamp are judged).
    static func message(_ b: UnsafeBufferPointer<UInt8>, textStart: Int, end: Int, context: ConsoleContext) -> (
        text: String, questionable: Bool
    ) {
        var questionable = false
        var from = textStart
        var to = end
        var lead = false
        if context.kind != .none && !eoi.occurs(in: b, from: textStart, to: end) {
            if let q = questionableFrame(b, from: textStart, to: end) {
                // " ? func" -> " func".
                from = q
                lead = true
                questionable = true
            } else {
                var last = end
                while last > textStart && b[last - 1] == 13 { last -= 1 }
                if unreliable.bytes.count <= last - textStart,
                    unreliable.occurs(in: b, from: last - unreliable.bytes.count, to: last)
                {
                    to = last - unreliable.bytes.count
                    questionable = true
                }
            }
        }
        let body = text(b, from, to)
        return (lead ? " " + body : body, questionable)
    }

    private static let eoi = Needle("<EOI>")
    private static let unreliable = Needle(" (unreliable)")
    private static let questionMark = Needle(" ? ")

    /// For ` ? func` or `[<ffff>] ? func` at the start of a stack line: the offset just past ` ? `.
    private static func questionableFrame(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard let at = questionMark.offset(in: b, from: start, to: end) else { return nil }
        var i = start
        let mark = start + at
        while i < mark && b[i] == UInt8(ascii: " ") { i += 1 }
        if i == mark { return mark + 3 }
        // "[<ffffffff81234567>]" right before.
        guard mark - i >= 4, b[i] == UInt8(ascii: "["), b[i + 1] == UInt8(ascii: "<"), b[mark - 2] == UInt8(ascii: ">"),
            b[mark - 1] == UInt8(ascii: "]")
        else { return nil }
        for k in (i + 2)..<(mark - 2) where !isHex(b[k]) { return nil }
        return mark + 3
    }

    @inline(__always) private static func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
    }
}
