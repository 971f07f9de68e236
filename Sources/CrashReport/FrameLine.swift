/// Reading stack-frame lines such as ` dump_stack+0x292/0x395 lib/dump_stack.c:52`,
/// ` [<ffffffff81234567>] func+0x1/0x2`, `RIP: 0010:func+0x12/0x34` or ` func mm/x.c:5 [inline]`.
enum FrameLine {
    @inline(__always) static func isIdent(_ c: Character) -> Bool {
        c == "_" || (c.isASCII && (c.isASCIILetter || c.isASCIIDigit))
    }

    /// The function of a stack line: optional spaces, up to two `[<pc>]` tokens, then a name
    /// followed by `+` (offset) or `.` (compiler suffix). Nil when the line is not a frame.
    static func function(_ line: Substring) -> String? {
        var s = line.drop(while: { $0 == " " || $0 == "\t" })
        for _ in 0..<2 {
            guard let rest = dropPC(s) else { break }
            guard rest.first == " " else { break }
            s = rest.dropFirst()
        }
        // arm: "[<8011218c>] (unwind_backtrace) from [<8010e300>] (show_stack+0x18/0x1c)": the
        // return address after "from" carries the offset and names the frame.
        if s.first == "(", let from = line.find(") from [<") {
            let rest = line[from.upperBound...]
            if let open = rest.firstIndex(of: "(") {
                let inner = rest[rest.index(after: open)...]
                if let name = nameBeforeOffset(inner) { return name }
            }
        }
        if s.first == "(" {
            let inner = s.dropFirst()
            var end = inner.startIndex
            while end < inner.endIndex && isIdent(inner[end]) { end = inner.index(after: end) }
            guard end > inner.startIndex, end < inner.endIndex, "+.)".contains(inner[end]) else { return nil }
            guard line.contains(") from [<") || inner[end] != ")" else { return nil }
            return String(inner[inner.startIndex..<end])
        }
        return nameBeforeOffset(s)
    }

    /// `function(_:)` of a whole line, read on its bytes when the line is ASCII without a carriage
    /// return (there a `Character` is one byte, so the result is the same); other lines take the
    /// `Character` path. The stack walker calls it on every line of a trace.
    static func function(line: String) -> String? {
        var copy = line
        let fast: String?? = copy.withUTF8 { b in
            for c in b where c >= 0x80 || c == 13 { return .none }
            return .some(functionBytes(b))
        }
        if let fast { return fast }
        return function(Substring(line))
    }

    private static let fromMarker = Needle(") from [<")

    /// `function(_:)` on an ASCII line's bytes, step for step.
    private static func functionBytes(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        let n = b.count
        var i = 0
        while i < n && (b[i] == 32 || b[i] == 9) { i += 1 }
        for _ in 0..<2 {
            guard let after = pcEnd(b, from: i), after < n, b[after] == 32 else { break }
            i = after + 1
        }
        guard i < n, b[i] == UInt8(ascii: "(") else { return nameBeforeOffset(b, from: i) }
        let from = fromMarker.offset(in: b, from: 0, to: n)
        if let from {
            var open = from + fromMarker.bytes.count
            while open < n && b[open] != UInt8(ascii: "(") { open += 1 }
            if open < n, let name = nameBeforeOffset(b, from: open + 1) { return name }
        }
        let inner = i + 1
        var end = inner
        while end < n && isIdentByte(b[end]) { end += 1 }
        guard end > inner, end < n,
            b[end] == UInt8(ascii: "+") || b[end] == UInt8(ascii: ".") || b[end] == UInt8(ascii: ")")
        else { return nil }
        guard from != nil || b[end] != UInt8(ascii: ")") else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: b[inner..<end]), as: UTF8.self)
    }

    /// `nameBeforeOffset(_:)` on bytes from `start`.
    private static func nameBeforeOffset(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        var end = start
        while end < b.count && isIdentByte(b[end]) { end += 1 }
        guard end > start, end < b.count, b[end] == UInt8(ascii: "+") || b[end] == UInt8(ascii: ".") else {
            return nil
        }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    /// A user-space sanitizer frame: `    #3 0x55ebb893b6fa in kv_get src/cache.c:48:9` (the
    /// function may be a C++ name with spaces; the location is the last token, `(module+0x..)`
    /// when unsymbolized).
    static func sanitizerFrame(_ line: String) -> Frame? {
        let s = Substring(line).drop(while: { $0 == " " || $0 == "\t" })
        guard s.first == "#" else { return nil }
        // The frame number and address first: lockdep's `#0: ffff..` lines stop here.
        let index = s.dropFirst().prefix(while: { $0.isASCIIDigit })
        guard !index.isEmpty, s.dropFirst(1 + index.count).hasPrefix(" 0x"), let inRange = s.range(of: " in ") else {
            return nil
        }
        let rest = s[inRange.upperBound...]
        guard let lastSpace = rest.lastIndex(of: " ") else {
            return rest.isEmpty ? nil : Frame(function: String(rest))
        }
        let function = String(rest[..<lastSpace])
        let location = rest[rest.index(after: lastSpace)...]
        guard !function.isEmpty else { return nil }
        if location.hasPrefix("(") { return Frame(function: function) }
        let parts = location.split(separator: ":")
        if parts.count >= 2, let number = Int(parts[1]) {
            return Frame(function: function, file: String(parts[0]), line: number)
        }
        return Frame(function: function, file: String(location))
    }

    /// `name` at the start of `s` when followed by `+` or `.`.
    static func nameBeforeOffset(_ s: Substring) -> String? {
        var end = s.startIndex
        while end < s.endIndex && isIdent(s[end]) { end = s.index(after: end) }
        guard end > s.startIndex, end < s.endIndex, s[end] == "+" || s[end] == "." else { return nil }
        return String(s[s.startIndex..<end])
    }

    /// Drops a `[<ffffffff81234567>]` / `[ffff]` / `[<0x..>]` token.
    static func dropPC(_ s: Substring) -> Substring? {
        guard s.first == "[" else { return nil }
        var t = s.dropFirst()
        if t.first == "<" { t = t.dropFirst() }
        if t.hasPrefix("0x") { t = t.dropFirst(2) }
        let digits = t.prefix(while: { $0.isASCIIHex && !$0.isASCIIUpper })
        guard !digits.isEmpty else { return nil }
        t = t.dropFirst(digits.count)
        if t.first == ">" { t = t.dropFirst() }
        guard t.first == "]" else { return nil }
        return t.dropFirst()
    }

    /// A line that certainly is a frame with an offset (`func+0x1/0x2`), for damage checks.
    static func isOffsetFrame(_ line: String) -> Bool {
        guard let plusRange = line.find("+0x") else { return false }
        let plus = plusRange.lowerBound
        if line.contains(") from [<") { return line.contains("+0x") }
        let after = line[line.index(after: plus)...]
        guard after.hasPrefix("0x"), after.contains("/0x") else { return false }
        var s = Substring(line)
        // Leading tokens: spaces, PCs.
        s = s.drop(while: { $0 == " " || $0 == "\t" })
        for _ in 0..<2 {
            guard let rest = dropPC(s) else { break }
            s = rest.first == " " ? rest.dropFirst() : rest
        }
        s = s.drop(while: { $0 == " " || $0 == "\t" })
        if let colon = s.firstIndex(of: ":"), s[..<colon].allSatisfy({ $0.isASCIIDigit }), colon > s.startIndex {
            s = s[s.index(after: colon)...]
        }
        var end = s.startIndex
        while end < s.endIndex && (isIdent(s[end]) || s[end] == ".") { end = s.index(after: end) }
        return end > s.startIndex && end < s.endIndex && s[end] == "+"
    }

    private static let ipKeys = [Needle("IP"), Needle("pc : "), Needle("PC is at ")]

    /// The function named by an instruction-pointer line: `RIP: 0010:func+0x..`,
    /// `IP: [<ffff>] func+0x..`, `pc : func+0x..`, `PC is at func+0x..`, `NIP [..] func+0x..`.
    /// `.some(nil)` when the line is an IP line without a usable function (user space, null).
    static func ipFunction(_ line: String) -> String?? {
        // Every key below holds one of these: most lines are ruled out with three searches.
        guard ipKeys.contains(where: { $0.occurs(in: line) }) else { return nil }
        let candidates = ["RIP: ", "EIP: ", "IP: ", "NIP: ", "NIP ", "pc : ", "epc : ", "PC is at ", "RIP:", "IP:"]
        for key in candidates {
            guard let r = line.find(key) else { continue }
            if key == "IP: " || key == "IP:" {
                // Must not be a part of another word, except RIP/EIP/NIP handled above.
                if r.lowerBound > line.startIndex {
                    let before = line[line.index(before: r.lowerBound)]
                    if before.isASCIILetter && before != "R" && before != "E" && before != "N" { continue }
                }
            }
            var s = line[r.upperBound...].drop(while: { $0 == " " })
            // "0010:" segment
            if let colon = s.firstIndex(of: ":"), colon > s.startIndex, s[..<colon].allSatisfy({ $0.isASCIIDigit }) {
                s = s[s.index(after: colon)...].drop(while: { $0 == " " })
            }
            if s.hasPrefix("0x") { return .some(nil) }
            for _ in 0..<2 {
                guard let rest = dropPC(s) else { break }
                s = rest.drop(while: { $0 == " " })
            }
            if s.hasPrefix("(null)") || (s.hasPrefix("[<") && s.prefix(24).contains("(null)")) { return .some(nil) }
            if let name = nameBeforeOffset(s) { return .some(name) }
            return nil
        }
        return nil
    }

    /// A full frame: function, offset, file:line and inline flag, from a stack line. Read on the
    /// line's bytes: it runs on every line of every report.
    static func frame(_ line: String) -> Frame? {
        var line = line
        return line.withUTF8 { b -> Frame? in
            var i = 0
            while i < b.count && (b[i] == 32 || b[i] == 9) { i += 1 }
            if i < b.count && b[i] == UInt8(ascii: "#") { return sanitizerFrame(String(decoding: b, as: UTF8.self)) }
            let hasOffset = plus0x.occurs(in: b, from: 0, to: b.count)
            guard hasOffset || inlineMark.occurs(in: b, from: 0, to: b.count) else { return nil }
            // Up to two `[<pc>]` tokens.
            for _ in 0..<2 {
                guard let after = pcEnd(b, from: i) else { break }
                i = after
                while i < b.count && b[i] == 32 { i += 1 }
            }
            if i + 1 < b.count && b[i] == UInt8(ascii: "?") && b[i + 1] == 32 { return nil }
            let nameStart = i
            var dot: Int?
            while i < b.count && (isIdentByte(b[i]) || b[i] == UInt8(ascii: ".")) {
                if dot == nil && b[i] == UInt8(ascii: ".") { dot = i }
                i += 1
            }
            guard i > nameStart else { return nil }
            let first = b[nameStart]
            guard first == UInt8(ascii: "_") || isLetter(first) else { return nil }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<(dot ?? i)]), as: UTF8.self)
            var offset: String?
            if i + 2 < b.count && b[i] == UInt8(ascii: "+") && b[i + 1] == UInt8(ascii: "0")
                && b[i + 2] == UInt8(ascii: "x")
            {
                let o = i + 1
                i = o
                while i < b.count && b[i] != 32 && b[i] != 9 { i += 1 }
                offset = String(decoding: UnsafeBufferPointer(rebasing: b[o..<i]), as: UTF8.self)
            }
            var file: String?
            var lineNumber: Int?
            var inline = false
            // The rest, split at spaces: `[inline]` and the first `path.c:12`.
            while i < b.count {
                while i < b.count && b[i] == 32 { i += 1 }
                let t = i
                while i < b.count && b[i] != 32 { i += 1 }
                guard i > t else { break }
                let token = UnsafeBufferPointer(rebasing: b[t..<i])
                if token.elementsEqual(inlineToken) {
                    inline = true
                } else if file == nil, let colon = token.lastIndex(of: UInt8(ascii: ":")),
                    token[token.startIndex..<colon].contains(UInt8(ascii: ".")),
                    let number = decimal(UnsafeBufferPointer(rebasing: token[(colon + 1)...]))
                {
                    file = String(
                        decoding: UnsafeBufferPointer(rebasing: token[token.startIndex..<colon]), as: UTF8.self)
                    lineNumber = number
                }
            }
            guard offset != nil || file != nil else { return nil }
            return Frame(function: name, offset: offset, file: file, line: lineNumber, inline: inline)
        }
    }

    private static let plus0x = Needle("+0x")
    private static let inlineMark = Needle(" [inline]")
    private static let inlineToken = Array("[inline]".utf8)

    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    @inline(__always) private static func isIdentByte(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "_") || isLetter(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// The end of a `[<ffffffff81234567>]` / `[ffff]` / `[<0x..>]` token at `i`, as `dropPC` reads it.
    private static func pcEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        guard i < b.count, b[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        if i < b.count && b[i] == UInt8(ascii: "<") { i += 1 }
        if i + 1 < b.count && b[i] == UInt8(ascii: "0") && b[i + 1] == UInt8(ascii: "x") { i += 2 }
        let digits = i
        while i < b.count
            && ((b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9"))
                || (b[i] >= UInt8(ascii: "a") && b[i] <= UInt8(ascii: "f")))
        {
            i += 1
        }
        guard i > digits else { return nil }
        if i < b.count && b[i] == UInt8(ascii: ">") { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: "]") else { return nil }
        return i + 1
    }

    /// A decimal number (optional sign, as `Int(_:)` reads it), or nil.
    private static func decimal(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !s.isEmpty else { return nil }
        var i = s.startIndex
        var negative = false
        if s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
            negative = s[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < s.endIndex, s.endIndex - i <= 18 else { return nil }
        var value = 0
        while i < s.endIndex {
            guard s[i] >= UInt8(ascii: "0") && s[i] <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(s[i] - UInt8(ascii: "0"))
            i += 1
        }
        return negative ? -value : value
    }
}
