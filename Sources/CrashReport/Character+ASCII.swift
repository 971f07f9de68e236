/// ASCII-only character classes: log text is ASCII where it matters, and the Unicode property
/// lookups behind `isLetter` / `isNumber` dominate the parser's time otherwise.
extension Character {
    @inline(__always) var isASCIIDigit: Bool {
        guard let a = asciiValue else { return false }
        return a >= 48 && a <= 57
    }

    @inline(__always) var isASCIILetter: Bool {
        guard let a = asciiValue else { return false }
        return (a | 0x20) >= 97 && (a | 0x20) <= 122
    }

    @inline(__always) var isASCIIUpper: Bool {
        guard let a = asciiValue else { return false }
        return a >= 65 && a <= 90
    }

    @inline(__always) var isASCIILower: Bool {
        guard let a = asciiValue else { return false }
        return a >= 97 && a <= 122
    }

    @inline(__always) var isLowerHexDigit: Bool {
        guard let a = asciiValue else { return false }
        return (a >= 48 && a <= 57) || (a >= 97 && a <= 102)
    }

    @inline(__always) var isASCIIHex: Bool {
        guard let a = asciiValue else { return false }
        return (a >= 48 && a <= 57) || ((a | 0x20) >= 97 && (a | 0x20) <= 102)
    }
}
