#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds report headers in a large log in one pass: a two-byte filter over the whole buffer
/// picks the few positions where a header marker may start; only those lines are decoded.
struct MarkerScanner: Sendable {
    private let headers: [OopsHeader]
    private let markers: [[UInt8]]
    /// Bit per (first byte, second byte) pair that begins some marker.
    private let pairBits: [UInt64]
    /// Indices of the markers by first byte, ascending: those of byte `c` are
    /// `byFirst[firstStart[c]..<firstStart[c + 1]]`.
    private let byFirst: [Int]
    private let firstStart: [Int]

    init(headers: [OopsHeader] = OopsHeader.all) {
        self.headers = headers
        markers = headers.map { $0.markerBytes }
        var bits = [UInt64](repeating: 0, count: 1024)
        for m in markers where m.count >= 2 {
            let pair = Int(m[0]) | Int(m[1]) << 8
            bits[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        pairBits = bits
        var order: [Int] = []
        var starts: [Int] = []
        for c in 0..<256 {
            starts.append(order.count)
            for k in markers.indices where markers[k].first == UInt8(c) { order.append(k) }
        }
        starts.append(order.count)
        byFirst = order
        firstStart = starts
    }

    /// The first line at or after `from` that starts a report, with its header.
    func firstOops(in b: UnsafeBufferPointer<UInt8>, from: Int) -> (ConsoleLine, OopsHeader)? {
        let n = b.count
        guard from >= 0, from < n, n >= 2 else { return nil }
        // The hot loop only tests byte pairs; line bounds are found when a marker really starts.
        var lineStart = from
        var lineEnd = from - 1
        var decoded: ConsoleLine?
        // Headers already checked on the current line: `matches` looks at the whole line, so a
        // line full of markers ("BUG:BUG:BUG:...") costs one check per header, not one per hit.
        var checked = Set<Int>()
        return pairBits.withUnsafeBufferPointer { bits -> (ConsoleLine, OopsHeader)? in
            var i = from
            while i < n - 1 {
                let pair = Int(b[i]) | Int(b[i + 1]) << 8
                if bits[pair >> 6] & (1 << UInt64(pair & 63)) == 0 {
                    i += 1
                    continue
                }
                // Only the headers whose marker starts here are checked, on the decoded line.
                let c = Int(b[i])
                for k in byFirst[firstStart[c]..<firstStart[c + 1]] where startsWith(b, at: i, markers[k]) {
                    if i > lineEnd {
                        // A new line: its start is after the previous line's end (each byte looked
                        // at once going back), its end is the next newline.
                        var start = i
                        let lower = max(from, lineEnd + 1)
                        while start > lower && b[start - 1] != 10 { start -= 1 }
                        lineStart = start
                        lineEnd = self.lineEnd(b, from: i)
                        decoded = nil
                        checked.removeAll(keepingCapacity: true)
                    }
                    guard checked.insert(k).inserted else { continue }
                    if decoded == nil {
                        decoded = ConsolePrefix.line(b, start: lineStart, end: lineEnd)
                    }
                    if let line = decoded, headers[k].matches(line.text) {
                        // Earlier headers in the table win when several start on this line.
                        if let first = OopsHeader.match(line.text) { return (line, first) }
                        return (line, headers[k])
                    }
                }
                i += 1
            }
            return nil
        }
    }

    @inline(__always)
    private func startsWith(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ m: [UInt8]) -> Bool {
        guard m[0] == b[i], i + m.count <= b.count else { return false }
        for k in 1..<m.count where b[i + k] != m[k] {
            return false
        }
        return true
    }

    /// Whether some marker starts inside `[start, end)` (cheap filter before decoding a line).
    func mayContainMarker(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        guard end - start >= 2 else { return false }
        return pairBits.withUnsafeBufferPointer { bits in
            var i = start
            while i < end - 1 {
                let pair = Int(b[i]) | Int(b[i + 1]) << 8
                if bits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 && markerStarts(b, at: i) { return true }
                i += 1
            }
            return false
        }
    }

    private func markerStarts(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let n = b.count
        let c = Int(b[i])
        outer: for k in byFirst[firstStart[c]..<firstStart[c + 1]] {
            let m = markers[k]
            guard i + m.count <= n else { continue }
            for k in 1..<m.count where b[i + k] != m[k] {
                continue outer
            }
            return true
        }
        return false
    }

    /// Offset of the newline ending the line that contains `from` (or the buffer end).
    func lineEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard from < b.count, let base = b.baseAddress else { return b.count }
        if let p = memchr(base + from, 10, b.count - from) {
            return UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - base
        }
        return b.count
    }
}
