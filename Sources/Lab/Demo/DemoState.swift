/// The demo project's content at one commit, as keyed entries that ``DemoSources`` renders
/// into files: `feature:NAME`, `const:NAME`, `option:SEQ`, `doc:FILE:SEQ`, `test:NAME`.
///
/// Keys added on different branches never collide (new keys carry a global sequence
/// number), so merging two branches is a per-key three-way merge without conflicts.
struct DemoState: Sendable, Equatable {
    private(set) var entries: [String: String] = [:]

    func has(_ feature: String) -> Bool { entries["feature:\(feature)"] != nil }
    func value(_ key: String) -> String? { entries[key] }

    mutating func enable(_ feature: String) { entries["feature:\(feature)"] = "on" }
    mutating func set(_ key: String, _ value: String) { entries[key] = value }

    /// Entries under `prefix`, sorted by key, with the prefix removed from the keys.
    func values(prefix: String) -> [(String, String)] {
        entries.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
            .map { (String($0.key.dropFirst(prefix.count)), $0.value) }
    }

    /// Documentation files and their paragraphs in order.
    func documents() -> [String: [String]] {
        var files: [String: [String]] = [:]
        for (key, text) in values(prefix: "doc:") {
            // key is FILE:SEQ; the sequence number is zero-padded so the sort is by it.
            guard let colon = key.lastIndex(of: ":") else { continue }
            files[String(key[..<colon]), default: []].append(text)
        }
        return files
    }

    /// Three-way merge: every entry `theirs` changed since `base` wins over `self`.
    func merged(with theirs: DemoState, base: DemoState) -> DemoState {
        var result = self
        for (key, value) in theirs.entries where base.entries[key] != value {
            result.entries[key] = value
        }
        for key in base.entries.keys where theirs.entries[key] == nil {
            result.entries[key] = nil
        }
        return result
    }
}
