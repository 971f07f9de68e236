import Foundation

/// Counts the objects a kernel build has compiled so far by reading its make log as it grows
/// (kbuild's `  CC      path.o` lines), from where the last count stopped.
struct MakeProgress: Sendable {
    let path: String
    private var offset: UInt64 = 0
    private var objects = 0
    private var partial = Data()

    init(path: String) { self.path = path }

    /// The make log of the newest build of `commit` under `builds` (`COMMIT-N/build.log.make`).
    static func latest(under builds: String, commit: String) -> MakeProgress? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: builds) else { return nil }
        let mine = names.filter { $0.hasPrefix(commit + "-") }
        let newest = mine.max { (Int($0.dropFirst(commit.count + 1)) ?? -1) < (Int($1.dropFirst(commit.count + 1)) ?? -1) }
        return newest.map { MakeProgress(path: builds + "/" + $0 + "/build.log.make") }
    }

    /// Objects compiled so far (reads what was appended since the last call).
    mutating func count() -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return objects }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return objects }
        offset += UInt64(data.count)
        partial.append(data)
        guard let last = partial.lastIndex(of: UInt8(ascii: "\n")) else { return objects }
        let complete = partial[partial.startIndex...last]
        for line in complete.split(separator: UInt8(ascii: "\n")) where Self.isCompileLine(line) { objects += 1 }
        partial = Data(partial[(last + 1)...])
        return objects
    }

    /// kbuild's quiet compile lines: `  CC      kernel/fork.o`, `  AS      ...`, `  CC [M]  ...`.
    static func isCompileLine(_ line: Data.SubSequence) -> Bool {
        let bytes = Array(line.prefix(5))
        return bytes == Array("  CC ".utf8) || bytes == Array("  AS ".utf8)
    }
}
