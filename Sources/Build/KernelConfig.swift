/// A kernel `.config` (or fragment) as an ordered list of lines with the symbol values it sets:
/// `CONFIG_X=v` sets `v`, `# CONFIG_X is not set` sets `n`.
public struct KernelConfig: Sendable, Hashable {
    public private(set) var lines: [String]

    public init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
    }

    /// The symbol a line sets and its value, if it sets one.
    static func setting(_ line: String) -> (key: String, value: String)? {
        if line.hasPrefix("CONFIG_"), let equals = line.firstIndex(of: "=") {
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
        if line.hasPrefix("# CONFIG_"), line.hasSuffix(" is not set") {
            return (String(line.dropFirst(2).dropLast(" is not set".count)), "n")
        }
        return nil
    }

    /// Symbol → value for every symbol set (the last setting wins).
    public var values: [String: String] {
        var result: [String: String] = [:]
        for line in lines {
            if let (key, value) = Self.setting(line) { result[key] = value }
        }
        return result
    }

    /// Applies `fragment` on top: each symbol it sets replaces this config's setting of it.
    public mutating func merge(_ fragment: KernelConfig) {
        let overridden = Set(fragment.lines.compactMap { Self.setting($0)?.key })
        lines.removeAll { Self.setting($0).map { overridden.contains($0.key) } ?? false }
        lines += fragment.lines.filter { Self.setting($0) != nil }
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }
}
