/// Small text helpers shared by the title rules.
enum TextScan {
    /// The text after `key` in `line`.
    static func after(_ key: String, in line: String) -> Substring? {
        line.find(key).map { line[$0.upperBound...] }
    }

    /// The function named right after `key` (`... in func+0x12/0x34`), if any.
    static func function(after key: String, in line: String) -> String? {
        guard var s = after(key, in: line) else { return nil }
        s = s.drop(while: { $0 == " " })
        for _ in 0..<2 {
            guard let rest = FrameLine.dropPC(s) else { break }
            s = rest.drop(while: { $0 == " " })
        }
        return FrameLine.nameBeforeOffset(s)
    }

    /// Lockdep `at: [<ffff>] func+0x..` / `at: func+0x..`.
    static func lockSite(_ line: String) -> String? {
        guard let r = line.find("at: ") else { return nil }
        var s = line[r.upperBound...].drop(while: { $0 == " " })
        if let rest = FrameLine.dropPC(s) { s = rest.drop(while: { $0 == " " }) }
        return FrameLine.nameBeforeOffset(s)
    }

    /// A `[<pc>] func` pair anywhere in the line (lockdep held-lock listings).
    static func pcFunction(_ line: String) -> String? {
        var search = line[...]
        while let r = search.find("[<") {
            let s = line[r.lowerBound...]
            if let rest = FrameLine.dropPC(s) {
                let t = rest.drop(while: { $0 == " " })
                if t.startIndex > rest.startIndex, let name = FrameLine.nameBeforeOffset(t) { return name }
            }
            search = line[r.upperBound...]
        }
        return nil
    }

    /// Index of the first line at or after `from` containing `text`.
    static func find(_ text: String, in lines: ArraySlice<String>, from: Int? = nil, within: Int? = nil) -> Int? {
        let start = from ?? lines.startIndex
        guard start < lines.endIndex else { return nil }
        let end = within.map { min(lines.endIndex, start + $0) } ?? lines.endIndex
        for i in start..<end where lines[i].contains(text) {
            return i
        }
        return nil
    }

    /// A `file.c:123` token (letters, digits, `-_/.`, a dot extension, a colon, digits).
    static func sourceLocation(in line: String) -> String? {
        for token in line.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "," }) {
            guard let colon = token.firstIndex(of: ":") else { continue }
            let path = token[..<colon]
            let digits = token[token.index(after: colon)...].prefix(while: { $0.isASCIIDigit })
            guard !digits.isEmpty, let dot = path.lastIndex(of: "."),
                path[path.index(after: dot)...].allSatisfy({ $0.isASCIILower }), dot > path.startIndex,
                path.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "-_/.".contains($0) })
            else { continue }
            return String(path) + ":" + String(digits)
        }
        return nil
    }
}
