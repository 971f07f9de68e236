/// Makes titles stable across runs: addresses become `ADDR`, numbers `NUM`, `func+0x1/0x2`
/// just `func`, `CPU#3` just `CPU`.
enum TitleNormalizer {
    static func normalize(_ title: String) -> String {
        var s = Array(title.trimmingCharacters(in: " \t\r\n").unicodeScalars)
        s = replaceOffsets(s)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWord(_ c: Unicode.Scalar) -> Bool {
            // The ASCII letters are exactly the ASCII scalars with the Alphabetic property.
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
        }
        func isHex(_ c: Unicode.Scalar) -> Bool { (c >= "0" && c <= "9") || (c >= "a" && c <= "f") }
        func isDec(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        while i < s.count {
            let c = s[i]
            // CPU#N
            if c == "C", i + 4 < s.count + 1, String(String.UnicodeScalarView(s[i..<min(s.count, i + 4)])) == "CPU#",
                i + 4 < s.count, isDec(s[i + 4])
            {
                out.append(contentsOf: "CPU".unicodeScalars)
                i += 4
                while i < s.count && isDec(s[i]) { i += 1 }
                continue
            }
            let startsWord = i == 0 || !isWord(s[i - 1])
            // 0x-prefixed or long hex -> ADDR
            if startsWord {
                var j = i
                if c == "0", i + 1 < s.count, s[i + 1] == "x" { j = i + 2 }
                var k = j
                while k < s.count && isHex(s[k]) { k += 1 }
                if (j > i && k > j) || (k - i >= 8 && s[i..<k].contains(where: { !isDec($0) }) || k - i >= 16) {
                    if k == s.count || !isWord(s[k]) {
                        out.append(contentsOf: "ADDR".unicodeScalars)
                        i = k
                        continue
                    }
                }
            }
            if isDec(c) {
                var k = i
                while k < s.count && isDec(s[k]) { k += 1 }
                let endsWord = k == s.count || !isWord(s[k])
                if (startsWord && endsWord) || k - i >= 7 {
                    out.append(contentsOf: "NUM".unicodeScalars)
                    i = k
                    continue
                }
                out.append(contentsOf: s[i..<k])
                i = k
                continue
            }
            out.append(c)
            i += 1
            // Skip the rest of a word so digits inside identifiers stay.
            if isWord(c) {
                while i < s.count && isWord(s[i])
                    && !(isDec(s[i]) && i + 7 <= s.count && s[i..<i + 7].allSatisfy(isDec))
                {
                    out.append(s[i])
                    i += 1
                }
            }
        }
        return String(out)
    }

    /// `name+0x12/0x34` -> `name`.
    private static func replaceOffsets(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < s.count {
            if s[i] == "+", i + 2 < s.count, s[i + 1] == "0", s[i + 2] == "x", !out.isEmpty {
                var k = i + 3
                while k < s.count && (s[k].properties.isASCIIHexDigit) { k += 1 }
                if k + 2 < s.count, s[k] == "/", s[k + 1] == "0", s[k + 2] == "x" {
                    k += 3
                    while k < s.count && s[k].properties.isASCIIHexDigit { k += 1 }
                    i = k
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return out
    }
}
