/// A MAINTAINERS `F:`/`X:` file pattern, matched the way `scripts/get_maintainer.pl` does.
///
/// - `dir/` covers everything below `dir`, recursively.
/// - Without a trailing slash the pattern must match a prefix of the path *and* the path must
///   have as many `/` as the pattern, so `*` and `?` stay within one path component in effect;
///   a plain name without glob characters also covers the files below it when it is a
///   directory (get_maintainer adds the slash after checking the disk; here a path below
///   `name/` can only exist when `name` is a directory).
/// - `*` is any run of characters, `?` one character, `[ch]`/`[a-z]`/`[^x]` a character class.
struct FilePattern: Sendable, Hashable {
    /// The pattern as written in MAINTAINERS.
    let text: String
    /// How deep the pattern reaches; deeper means more specific (get_maintainer's `value_pd`).
    let depth: Int

    private let tokens: [Token]
    private let recursive: Bool
    private let slashes: Int
    /// Literal bytes every match starts with (a cheap first test).
    private let literalPrefix: [UInt8]
    /// For a plain name without glob characters: `name/`, which covers the directory's files.
    private let directoryPrefix: [UInt8]?

    private enum Token: Sendable, Hashable {
        case byte(UInt8)
        case any
        case star
        case set(negated: Bool, ranges: [ClosedRange<UInt8>])
    }

    init(_ text: String) {
        self.text = text
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var i = 0
        var isGlob = false
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "*"):
                isGlob = true
                if tokens.last != .star { tokens.append(.star) }
            case UInt8(ascii: "?"):
                isGlob = true
                tokens.append(.any)
            case UInt8(ascii: "["):
                if let (token, end) = FilePattern.parseSet(bytes, from: i) {
                    isGlob = true
                    tokens.append(token)
                    i = end
                } else {
                    tokens.append(.byte(b))
                }
            default:
                tokens.append(.byte(b))
            }
            i += 1
        }
        self.tokens = tokens + [.star]  // a prefix match: anything may follow
        self.recursive = text.hasSuffix("/")
        self.slashes = bytes.count { $0 == UInt8(ascii: "/") }
        var depth = slashes + (recursive ? 0 : 1)
        if text.hasPrefix("*") { depth = -1 }
        self.depth = depth
        self.literalPrefix = Array(
            tokens.prefix {
                if case .byte = $0 { return true } else { return false }
            }.map { token -> UInt8 in
                if case .byte(let b) = token { return b } else { return 0 }
            })
        self.directoryPrefix = isGlob || recursive ? nil : bytes + [UInt8(ascii: "/")]
    }

    /// Whether `path` (relative to the top level, `/`-separated) is covered by the pattern.
    func matches(_ path: String) -> Bool { matches(Array(path.utf8)) }

    /// Whether `path` (UTF-8 bytes) is covered by the pattern.
    func matches(_ path: [UInt8]) -> Bool {
        guard path.starts(with: literalPrefix) else { return false }
        if let directoryPrefix, path.starts(with: directoryPrefix) { return true }
        guard FilePattern.glob(tokens, path) else { return false }
        return recursive || path.count(where: { $0 == UInt8(ascii: "/") }) == slashes
    }

    /// Classic wildcard matching with backtracking to the last star; `tokens` ends with a star.
    private static func glob(_ tokens: [Token], _ text: [UInt8]) -> Bool {
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < tokens.count, tokens[p] == .star {
                starP = p
                starT = t
                p += 1
            } else if p < tokens.count, single(tokens[p], text[t]) {
                p += 1
                t += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .star { p += 1 }
        return p == tokens.count
    }

    private static func single(_ token: Token, _ byte: UInt8) -> Bool {
        switch token {
        case .byte(let b): return b == byte
        case .any: return true
        case .star: return false
        case .set(let negated, let ranges): return ranges.contains { $0.contains(byte) } != negated
        }
    }

    /// Parses `[...]` starting at `start`; returns the token and the index of the closing `]`.
    private static func parseSet(_ bytes: [UInt8], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "^") || bytes[i] == UInt8(ascii: "!") {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "]"), !first { return (.set(negated: negated, ranges: ranges), i) }
            first = false
            if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] != UInt8(ascii: "]"),
                b <= bytes[i + 2]
            {
                ranges.append(b...bytes[i + 2])
                i += 3
            } else {
                ranges.append(b...b)
                i += 1
            }
        }
        return nil
    }
}
