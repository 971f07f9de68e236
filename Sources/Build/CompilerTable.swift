import Foundation

/// Which compiler builds which kernel versions: Culprit's built-in table (the compilers Debian
/// 12 offers: gcc-11, gcc-12, clang-13 … clang-19), used when a job gives no `compilers:`
/// table of its own.
///
/// Each row states the oldest and newest kernel the compiler builds. The bounds come from the
/// kernel's documented minimum versions (Documentation/process/changes.rst: LLVM 15 from 6.15)
/// and from the warnings and errors newer compilers raise on older trees (new diagnostics
/// promoted to errors, `-fno-common` by default in gcc 10, stricter function-type checks in
/// clang 16); only gcc-12 on 6.1 is measured on this machine (the e2e repository). For a
/// version, the first row (in table order) that covers it and is installed is used; below the
/// oldest version any installed row covers, revisions are not built at all (the release walk
/// stops there, see ``oldestSupported(installed:)``).
public struct CompilerTable: Sendable, Hashable, Codable {
    /// One compiler and the kernel versions it builds.
    public struct Row: Sendable, Hashable, Codable {
        public var cc: String
        public var oldest: KernelVersion
        /// Nil: every newer version.
        public var newest: KernelVersion?

        public init(cc: String, oldest: KernelVersion, newest: KernelVersion? = nil) {
            self.cc = cc
            self.oldest = oldest
            self.newest = newest
        }

        /// Whether this row builds kernel `version`.
        public func covers(_ version: KernelVersion) -> Bool {
            version >= oldest && newest.map { version <= $0 } ?? true
        }

        /// `4.19–6.14` or `5.15–`.
        public var range: String {
            "\(oldest.major).\(oldest.minor)–" + (newest.map { "\($0.major).\($0.minor)" } ?? "")
        }
    }

    public var rows: [Row]

    public init(rows: [Row]) {
        self.rows = rows
    }

    private static func v(_ major: Int, _ minor: Int) -> KernelVersion { KernelVersion(major: major, minor: minor) }

    /// The built-in table, preferred first: gcc (the kernel's reference compiler) before clang.
    public static let builtIn = CompilerTable(rows: [
        Row(cc: "gcc-12", oldest: v(5, 10)),
        Row(cc: "gcc-11", oldest: v(4, 19)),
        Row(cc: "clang-19", oldest: v(6, 6)),
        Row(cc: "clang-18", oldest: v(6, 1)),
        Row(cc: "clang-17", oldest: v(6, 1)),
        Row(cc: "clang-16", oldest: v(5, 15)),
        Row(cc: "clang-15", oldest: v(5, 10)),
        Row(cc: "clang-14", oldest: v(5, 4), newest: v(6, 14)),
        Row(cc: "clang-13", oldest: v(5, 4), newest: v(6, 14)),
    ])

    /// The row for kernel `version` among those `installed` says are there; nil when none is.
    public func row(for version: KernelVersion, installed: (String) -> Bool) -> Row? {
        rows.first { $0.covers(version) && installed($0.cc) }
    }

    /// The oldest kernel version an installed row builds, and that row; nil when none is installed.
    public func oldestSupported(installed: (String) -> Bool) -> Row? {
        rows.filter { installed($0.cc) }.min { $0.oldest < $1.oldest }
    }

    /// Whether `command` is an executable on `PATH` (or an absolute path to one).
    public static func isInstalled(_ command: String) -> Bool {
        if command.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: command) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(command)") }
    }
}
