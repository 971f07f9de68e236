/// Skip patterns prepared for fast matching: `^name$` exact, `^prefix`, `suffix$`, or a substring.
struct PatternSet: Sendable {
    private var exact: Set<String> = []
    private var prefixes: [String] = []
    private var suffixes: [String] = []
    private var substrings: [[UInt8]] = []

    init(_ patterns: [String]) {
        for p in patterns {
            if p.hasPrefix("^") && p.hasSuffix("$") {
                exact.insert(String(p.dropFirst().dropLast()))
            } else if p.hasPrefix("^") {
                prefixes.append(String(p.dropFirst()))
            } else if p.hasSuffix("$") {
                suffixes.append(String(p.dropLast()))
            } else {
                substrings.append(Array(p.utf8))
            }
        }
    }

    func matches(_ name: String) -> Bool {
        if exact.contains(name) { return true }
        for p in prefixes where name.hasPrefix(p) { return true }
        for p in suffixes where name.hasSuffix(p) { return true }
        var name = name
        return name.withUTF8 { n in
            let hay = UnsafeRawBufferPointer(n)
            for p in substrings where p.count <= hay.count {
                if p.withUnsafeBytes({ ByteSearch.offset(of: $0, in: hay) }) != nil { return true }
            }
            return false
        }
    }
}
