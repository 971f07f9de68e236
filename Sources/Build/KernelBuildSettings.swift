import Foundation

/// How ``KernelBuilder`` configures and compiles a Linux kernel.
public struct KernelBuildSettings: Sendable, Hashable, Codable {
    /// Where the kernel configuration comes from.
    public enum Config: Sendable, Hashable, Codable {
        /// A complete `.config` file (absolute path); `olddefconfig` fills in symbols it lacks.
        case file(String)
        /// A make configuration target (`tinyconfig`, `defconfig`, `allnoconfig`, ...) with
        /// fragment files (absolute paths) merged on top, later settings winning.
        case base(target: String, fragments: [String])
    }

    /// The compiler for kernels from `since` on (`"4.19"`, `"6.1"`), unless a later entry
    /// applies; an entry without `since` applies to every version.
    public struct Compiler: Sendable, Hashable, Codable {
        public var since: KernelVersion?
        /// Compiler command, e.g. `gcc`, `gcc-10`, `/opt/gcc-8/bin/gcc`.
        public var cc: String

        public init(since: KernelVersion? = nil, cc: String) {
            self.since = since
            self.cc = cc
        }
    }

    public var config: Config
    /// The job's compiler table; the default is `gcc` for every version; empty: the built-in
    /// ``CompilerTable``.
    public var compilers: [Compiler]
    /// The job's own build fixes (``BuildFix`` files or directories of them), besides the built-in ones.
    public var fixes: [String] = []
    /// A compiler to use where the built-in table lets it build the version (a bug's own compiler).
    public var preferredCompiler: String? = nil
    /// Whether Culprit's built-in fixes (``BuildFixSet/builtInDirectory``) are used.
    public var builtInFixes: Bool = true
    /// Build directory root for this job: `<root>/obj` is the kernel's `O=` directory, reused
    /// from revision to revision so that neighbouring commits rebuild in seconds.
    public var buildRoot: String
    /// Parallel make jobs.
    public var jobs: Int
    /// Wrap the compiler with ccache when it is installed.
    public var useCcache: Bool
    /// The make target and the image it produces, relative to the `O=` directory.
    public var target: String
    public var imagePath: String
    /// Time limit for one build (configuration included).
    public var timeout: Duration
    /// Pinned build identity, so that unchanged source gives an identical image.
    public var buildTimestamp: String
    public var buildUser: String
    public var buildHost: String

    public init(
        config: Config, buildRoot: String, compilers: [Compiler] = [Compiler(cc: "gcc")], jobs: Int = 2,
        useCcache: Bool = true, target: String = "bzImage", imagePath: String = "arch/x86/boot/bzImage",
        timeout: Duration = .seconds(3600), buildTimestamp: String = "Thu Jan  1 00:00:00 UTC 2015",
        buildUser: String = "culprit", buildHost: String = "culprit"
    ) {
        self.config = config
        self.buildRoot = buildRoot
        self.compilers = compilers
        self.jobs = jobs
        self.useCcache = useCcache
        self.target = target
        self.imagePath = imagePath
        self.timeout = timeout
        self.buildTimestamp = buildTimestamp
        self.buildUser = buildUser
        self.buildHost = buildHost
    }

    /// The compiler for a kernel `version`: the entry with the latest `since` not after it.
    public func compiler(for version: KernelVersion?) -> String {
        var best: Compiler? = nil
        for entry in compilers {
            if let since = entry.since {
                guard let version, since <= version else { continue }
                if let b = best?.since, b > since { continue }
                best = entry
            } else if best == nil {
                best = entry
            }
        }
        return best?.cc ?? "gcc"
    }
}

/// A kernel version as the top-level Makefile states it (`VERSION`, `PATCHLEVEL`, `SUBLEVEL`).
public struct KernelVersion: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(major: Int, minor: Int, patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `"6.1"`, `"6.1.12"`, `"v5.10"`; nil when it is not a version.
    public init?(_ text: String) {
        let trimmed = text.hasPrefix("v") ? text.dropFirst() : Substring(text)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 }) else { return nil }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers.count > 2 ? numbers[2] : 0)
    }

    /// The version stated by a kernel tree's top-level `Makefile` text; nil when absent.
    public init?(makefile: String) {
        var values: [String: Int] = [:]
        for line in makefile.split(separator: "\n").prefix(20) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if ["VERSION", "PATCHLEVEL", "SUBLEVEL"].contains(key) {
                values[key] = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let major = values["VERSION"], let minor = values["PATCHLEVEL"] else { return nil }
        self.init(major: major, minor: minor, patch: values["SUBLEVEL"] ?? 0)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (a: KernelVersion, b: KernelVersion) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }
}
