extension ConsolePrefix {
    /// The console timestamp of the line `[start, end)` in seconds (`[  35.046212]`, optionally
    /// after a `<4>` level), or nil when the line has none.
    static func seconds(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Double? {
        var i = start
        if i < end && b[i] == UInt8(ascii: "<") {
            i += 1
            while i < end && isDigit(b[i]) { i += 1 }
            guard i < end, b[i] == UInt8(ascii: ">") else { return nil }
            i += 1
        }
        guard i < end, b[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        while i < end && b[i] == UInt8(ascii: " ") { i += 1 }
        var whole = 0
        let digits = i
        while i < end && isDigit(b[i]) && i - digits < 12 {
            whole = whole * 10 + Int(b[i] - 48)
            i += 1
        }
        guard i > digits, i < end, b[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        var fraction = 0.0
        var scale = 0.1
        while i < end && isDigit(b[i]) {
            fraction += Double(b[i] - 48) * scale
            scale *= 0.1
            i += 1
        }
        guard i < end, b[i] == UInt8(ascii: "]") else { return nil }
        return Double(whole) + fraction
    }
}
