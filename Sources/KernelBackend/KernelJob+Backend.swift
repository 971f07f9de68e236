import Bisect
import Build
import Foundation
import Instance
import JobConfig
import Model
import Support
import VCS
import Yams

extension KernelJob: Backend {
    public static let kind = "kernel"
    /// The job file's `kernel:` section.
    public static let keys = ["kernel"]

    public static func read(_ entries: [JobFileEntry], reader: inout JobFileReader) -> KernelJob? {
        var job: KernelJob?
        for entry in entries where entry.key == "kernel" { job = parse(entry.value, reader: &reader) }
        return job
    }

    /// The section as given, under the job file's keys.
    public var settings: JSONValue {
        let texts: [(String, String?)] = [
            ("config", config), ("base-config", baseConfig), ("reproducer", reproducer), ("syzkaller", syzkaller),
            ("cmdline", cmdline), ("accelerator", accelerator), ("qemu", qemu), ("build-directory", buildDirectory),
            ("minimize-base", minimizeBase),
        ]
        let numbers: [(String, Double?)] = [
            ("vms", vms.map(Double.init)), ("memory", memory.map(Double.init)), ("cpus", cpus.map(Double.init)),
            ("boot-timeout", bootTimeout), ("reproducer-timeout", reproducerTimeout),
            ("silence-timeout", silenceTimeout), ("build-timeout", buildTimeout), ("build-jobs", buildJobs.map(Double.init)),
            ("minimize-builds", minimizeBuilds.map(Double.init)),
        ]
        let flags: [(String, Bool?)] = [("built-in-fixes", builtInFixes), ("ccache", ccache)]
        let lists: [(String, [String]?)] = [
            ("fragments", fragments), ("fixes", fixes), ("minimize-fragments", minimizeFragments),
        ]
        var o: [String: JSONValue] = [:]
        for (key, value) in texts { if let value { o[key] = .string(value) } }
        for (key, value) in numbers { if let value { o[key] = .number(value) } }
        for (key, value) in flags { if let value { o[key] = .bool(value) } }
        for (key, value) in lists { if let value { o[key] = .array(value.map(JSONValue.string)) } }
        if let compilers {
            o["compilers"] = .array(
                compilers.map { entry in
                    var row: [String: JSONValue] = [:]
                    if let since = entry.since { row["since"] = .string(since) }
                    if let cc = entry.cc { row["cc"] = .string(cc) }
                    return .object(row)
                })
        }
        return .object(o)
    }

    /// No config or no reproducer (a bug directory may still give them).
    public func missingSettings() -> [String] { missingProblems() }

    /// The section's values: files that do not exist, ranges, names.
    public func valueProblems() -> [String] { valueOnlyProblems() }

    /// The command line has no kernel settings: a kernel job given twice keeps the later one.
    public func overridden(by other: KernelJob) -> KernelJob { other }

    /// The kernel config and the machine: the config, the oldest release the compilers build.
    public func configure(_ config: inout BisectionConfig) {
        config.kernelConfig = self.config.map(resolve) ?? baseConfig
        if let oldest = buildSettings(defaultRoot: "/").oldestBuildable() {
            config.releaseCutoff = .init(major: oldest.version.major, minor: oldest.version.minor, reason: oldest.reason)
        }
    }

    /// Where a kernel job keeps its build root and initramfs: `<common git dir>/culprit/kernel`,
    /// shared by the jobs of a repository (a fix bisection reuses the cause bisection's objects;
    /// ``BuildRootLock`` keeps their builds apart). git says where the common directory is, so a
    /// linked worktree or a submodule puts it in the repository's git data, never in a checkout.
    public func workRoot(repository: String) async throws -> String? {
        try await Repository(path: repository).gitDirectory + SharedKernelTree.location
    }

    /// The builder; its build root is `build-directory`, else `<root>/build`.
    public func makeBuilder(job: BisectJob, workRoot: String) -> any Builder {
        KernelBuilder(settings: buildSettings(defaultRoot: workRoot + "/build"))
    }

    /// The tester; `vms` defaults to the job's `jobs`, the reproducer timeout to its `timeout`.
    public func makeTester(job: BisectJob, workRoot: String) -> any Tester {
        var settings = qemuSettings(workDirectory: workRoot + "/qemu")
        if vms == nil, let jobs = job.jobs { settings.vms = jobs }
        if reproducerTimeout == nil, let timeout = job.timeout { settings.reproducerTimeout = TimeLimit.duration(timeout) }
        return QemuTester(settings: settings)
    }

    /// The config bisected with (the one the result names: after `--minimize-config`, the
    /// minimized one), the job's own config when that is another file (the full config it was
    /// minimized from: the section's, else the bug directory's), and the reproducer.
    public func reportFiles(_ result: BisectionResult) -> (config: String?, originalConfig: String?, reproducer: String?) {
        let given = config.map(resolve) ?? bugDirectory?.config
        let reproducer = reproducer.map(resolve) ?? bugDirectory?.reproducer
        if let used = result.config, let given, used != given, used.hasPrefix("/") {
            return (used, given, reproducer)
        }
        return (given ?? result.config, nil, reproducer)
    }
}
