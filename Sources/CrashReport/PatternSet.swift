/// Skip patterns prepared for fast matching: `^name$` exact, `^prefix`, `suffix$`, or a substring.
///
/// Substring patterns are bucketed by their first byte, so a name is matched in one pass over
/// its bytes, comparing only the patterns that can start at each position (a frame name is
/// checked against some 200 patterns for every frame of every report).
struct PatternSet: Sendable {
    private var exact: Set<String> = []
    private var prefixes: [[UInt8]] = []
    private var suffixes: [[UInt8]] = []
    /// Substring patterns by first byte.
    private var buckets: [[[UInt8]]] = Array(repeating: [], count: 256)
    /// Which first bytes have a bucket (a quick test before indexing `buckets`).
    private var firstBytes = [Bool](repeating: false, count: 256)

    init(_ patterns: [String]) {
        for p in patterns {
            if p.hasPrefix("^") && p.hasSuffix("$") {
                exact.insert(String(p.dropFirst().dropLast()))
            } else if p.hasPrefix("^") {
                prefixes.append(Array(p.utf8.dropFirst()))
            } else if p.hasSuffix("$") {
                suffixes.append(Array(p.utf8.dropLast()))
            } else if let first = p.utf8.first {
                buckets[Int(first)].append(Array(p.utf8))
                firstBytes[Int(first)] = true
            }
        }
    }

    func matches(_ name: String) -> Bool {
        if exact.contains(name) { return true }
        var name = name
        return name.withUTF8 { n in
            for p in prefixes where p.count <= n.count && Self.equal(p, n, at: 0) { return true }
            for p in suffixes where p.count <= n.count && Self.equal(p, n, at: n.count - p.count) { return true }
            var i = 0
            while i < n.count {
                let c = Int(n[i])
                if firstBytes[c] {
                    for p in buckets[c] where p.count <= n.count - i && Self.equal(p, n, at: i) { return true }
                }
                i += 1
            }
            return false
        }
    }

    @inline(__always)
    private static func equal(_ p: [UInt8], _ n: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        var k = 0
        while k < p.count {
            if p[k] != n[offset + k] { return false }
            k += 1
        }
        return true
    }
}
