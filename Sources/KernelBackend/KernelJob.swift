import Build
import Foundation
import Instance
import JobConfig
import Support
import Yams

/// The `kernel:` section of a job file: how to build a Linux kernel revision (``KernelBuilder``)
/// and how to test it in QEMU (``QemuTester``).
///
/// ```yaml
/// kernel:
///   base-config: tinyconfig          # or config: path/to/.config (a full config)
///   fragments: [kasan.config]        # merged on top of base-config
///   compilers:                       # per kernel version; the latest `since` not after it wins
///     - cc: gcc
///     - {since: "6.0", cc: gcc-12}
///   reproducer: repro.c              # C (compiled with gcc -static), a script/program, or
///                                    # a syzkaller program (.syz, .prog: needs syzkaller:)
///   fixes: [my-fixes/]              # build fixes (BuildFix files or directories of them)
///   built-in-fixes: true             # Culprit's own (Sources/Build/KernelFixes)
///   syzkaller: ~/syzkaller           # syz-execprog and syz-executor (here or in bin/linux_amd64)
///   vms: 4                           # machines at once
///   memory: 512                      # MiB per machine
///   cmdline: ""                      # appended to console=ttyS0 panic_on_warn=1 ...
///   accelerator: auto                # auto (probe KVM, else TCG), kvm, tcg
///   boot-timeout: 180                # seconds to the init marker
///   reproducer-timeout: 300          # seconds from init to the end of the run
///   silence-timeout: 120             # seconds without console output
///   build-timeout: 3600
///   build-jobs: 2                    # make -j
///   ccache: true
///   build-directory: /var/tmp/x      # the job's O= directory root (default: with the job state)
///   minimize-base: tinyconfig        # --minimize-config: the base the full config is reduced to
///   minimize-fragments: [boot.config] #   kept in every candidate (QEMU boot, the sanitizer)
///   minimize-builds: 16              #   most builds minimization spends
/// ```
/// Relative paths are relative to the job file's directory (``baseDirectory``).
public struct KernelJob: Sendable, Equatable {
    public var config: String?
    public var baseConfig: String?
    public var fragments: [String]?
    public var compilers: [CompilerEntry]?
    public var reproducer: String?
    public var vms: Int?
    public var memory: Int?
    public var cpus: Int?
    public var cmdline: String?
    public var accelerator: String?
    public var bootTimeout: Double?
    public var reproducerTimeout: Double?
    public var silenceTimeout: Double?
    public var buildTimeout: Double?
    public var buildJobs: Int?
    public var ccache: Bool?
    public var buildDirectory: String?
    public var qemu: String?
    /// The job's own build fixes (``BuildFix`` files or directories), besides the built-in ones.
    public var fixes: [String]?
    /// Whether Culprit's built-in build fixes are used (default true).
    public var builtInFixes: Bool?
    /// A directory with syzkaller's `syz-execprog` and `syz-executor` for the VM (linux/amd64).
    public var syzkaller: String?
    /// Config minimization's base: a make target (default `tinyconfig`); see ``minimizeFragments``.
    public var minimizeBase: String?
    /// Fragments merged on the minimization base: what QEMU boot, the reproducer and the
    /// sanitizer need, kept in every candidate.
    public var minimizeFragments: [String]?
    /// Most builds config minimization may spend (the full config's included; default 16).
    public var minimizeBuilds: Int?
    /// The compiler a bug directory names, preferred where the built-in table allows it; not read from YAML.
    public var preferredCompiler: String?
    /// `syz-execprog` flags for a syzkaller reproducer (from a bug directory's options); not read from YAML.
    public var syzkallerArguments: [String] = []
    /// Directory relative paths are resolved against (the job file's); not read from YAML.
    public var baseDirectory: String = FileManager.default.currentDirectoryPath
    /// The bug directory read in by ``prepare(_:)`` (`bug:`, `--bug DIR`); not read from YAML.
    public var bugDirectory: BugDirectory?

    /// One row of the compiler table.
    public struct CompilerEntry: Sendable, Equatable {
        public var since: String?
        public var cc: String?
        public init(since: String? = nil, cc: String? = nil) {
            self.since = since
            self.cc = cc
        }
    }

    /// The keys a `kernel:` section may have.
    public static let sectionKeys = [
        "config", "base-config", "fragments", "compilers", "reproducer", "fixes", "built-in-fixes", "syzkaller",
        "vms", "memory", "cpus", "cmdline", "accelerator", "qemu", "boot-timeout", "reproducer-timeout",
        "silence-timeout", "build-timeout", "build-jobs", "ccache", "build-directory", "minimize-base",
        "minimize-fragments", "minimize-builds",
    ]

    public init() {}

    /// `path` made absolute against ``baseDirectory``.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSString(string: path).expandingTildeInPath }
        return URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).standardized.path
    }

    /// Every problem with the section, each naming the setting and what to do.
    public func problems() -> [String] { missingProblems() + valueOnlyProblems() }

    /// The settings a job cannot run without that are not given (a bug directory, read in later,
    /// may give them: a job file with `bug:` is not refused for them).
    func missingProblems() -> [String] {
        var problems: [String] = []
        if config == nil && baseConfig == nil {
            problems.append(
                "kernel: no kernel config: give 'config: FILE' (a full .config) or 'base-config: tinyconfig' "
                    + "(a make target) with 'fragments: [FILE...]'")
        }
        if reproducer == nil {
            problems.append("kernel: no reproducer: give 'reproducer: FILE' (a C file or a script run in the VM)")
        }
        return problems
    }

    /// Problems with the values that are set.
    func valueOnlyProblems() -> [String] {
        var problems: [String] = []
        let files = FileManager.default
        switch (config, baseConfig) {
        case (nil, nil):
            break
        case (_?, _?):
            problems.append("kernel: give either 'config' (a full .config file) or 'base-config', not both")
        case (let file?, nil):
            if !files.fileExists(atPath: resolve(file)) {
                problems.append("kernel: the config file \(resolve(file)) does not exist")
            }
            if fragments?.isEmpty == false {
                problems.append(
                    "kernel: 'fragments' only go with 'base-config' (merge them into your config file instead)")
            }
        case (nil, let target?):
            if !target.hasSuffix("config") || target.contains("/") || target.contains(" ") {
                problems.append(
                    "kernel: base-config '\(target)' is not a make configuration target such as tinyconfig or defconfig"
                )
            }
        }
        for fragment in (fragments ?? []) + (minimizeFragments ?? []) where !files.fileExists(atPath: resolve(fragment)) {
            problems.append("kernel: the config fragment \(resolve(fragment)) does not exist")
        }
        if let target = minimizeBase, !target.hasSuffix("config") || target.contains("/") || target.contains(" ") {
            problems.append(
                "kernel: minimize-base '\(target)' is not a make configuration target such as tinyconfig or defconfig")
        }
        if let minimizeBuilds, !(2...1000).contains(minimizeBuilds) {
            problems.append("kernel: minimize-builds must be between 2 and 1000, not \(minimizeBuilds)")
        }
        for (index, entry) in (compilers ?? []).enumerated() {
            if entry.cc?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                problems.append("kernel: compilers[\(index)] has no 'cc' (the compiler command, e.g. gcc-12)")
            }
            if let since = entry.since, KernelVersion(since) == nil {
                problems.append("kernel: compilers[\(index)].since '\(since)' is not a kernel version such as 6.1")
            }
        }
        if let reproducer {
            if !files.fileExists(atPath: resolve(reproducer)) {
                problems.append("kernel: the reproducer \(resolve(reproducer)) does not exist")
            }
            problems += syzkallerProblems()
        }
        if let vms, !(1...64).contains(vms) { problems.append("kernel: vms must be between 1 and 64, not \(vms)") }
        if let memory, !(64...65536).contains(memory) {
            problems.append("kernel: memory is MiB per VM, between 64 and 65536, not \(memory)")
        }
        if let cpus, !(1...64).contains(cpus) { problems.append("kernel: cpus must be between 1 and 64, not \(cpus)") }
        if let accelerator, QemuSettings.Accelerator(rawValue: accelerator) == nil {
            problems.append("kernel: unknown accelerator '\(accelerator)': use auto, kvm or tcg")
        }
        let timeouts: [(String, Double?)] = [
            ("boot-timeout", bootTimeout), ("reproducer-timeout", reproducerTimeout),
            ("silence-timeout", silenceTimeout), ("build-timeout", buildTimeout),
        ]
        for (name, value) in timeouts {
            if let value, let problem = TimeLimit.problem(name, value) { problems.append("kernel: " + problem) }
        }
        if let buildJobs, !(1...512).contains(buildJobs) {
            problems.append("kernel: build-jobs must be between 1 and 512, not \(buildJobs)")
        }
        if let cmdline, cmdline.contains("\n") { problems.append("kernel: cmdline must be one line") }
        do { _ = try BuildFixSet.load((fixes ?? []).map(resolve)) } catch { problems.append("kernel: \(error)") }
        return problems
    }

    /// The build settings; `defaultRoot` is the job's build directory unless `build-directory` is set.
    public func buildSettings(defaultRoot: String) -> KernelBuildSettings {
        let configSource: KernelBuildSettings.Config =
            if let config { .file(resolve(config)) } else {
                .base(target: baseConfig ?? "defconfig", fragments: (fragments ?? []).map(resolve))
            }
        var settings = KernelBuildSettings(
            config: configSource, buildRoot: buildDirectory.map(resolve) ?? defaultRoot)
        // Without a table of its own, the job uses the built-in one (CompilerTable).
        settings.compilers = (compilers ?? []).map {
            .init(since: $0.since.flatMap { KernelVersion($0) }, cc: $0.cc ?? "gcc")
        }
        if let buildJobs {
            settings.jobs = buildJobs
        } else {
            settings.jobs = ProcessInfo.processInfo.activeProcessorCount
        }
        if let ccache { settings.useCcache = ccache }
        settings.fixes = (fixes ?? []).map(resolve)
        settings.preferredCompiler = preferredCompiler
        if let builtInFixes { settings.builtInFixes = builtInFixes }
        if let buildTimeout { settings.timeout = TimeLimit.duration(buildTimeout) }
        return settings
    }

    /// The QEMU settings; `workDirectory` holds the initramfs.
    public func qemuSettings(workDirectory: String) -> QemuSettings {
        var settings = QemuSettings(reproducer: vmReproducer, workDirectory: workDirectory)
        if let vms { settings.vms = vms }
        if let memory { settings.memory = memory }
        if let cpus { settings.cpus = cpus }
        if let cmdline { settings.cmdline = cmdline }
        if let qemu { settings.qemu = qemu }
        if let accelerator, let value = QemuSettings.Accelerator(rawValue: accelerator) {
            settings.accelerator = value
        }
        if let bootTimeout { settings.bootTimeout = TimeLimit.duration(bootTimeout) }
        if let reproducerTimeout { settings.reproducerTimeout = TimeLimit.duration(reproducerTimeout) }
        if let silenceTimeout { settings.silenceTimeout = TimeLimit.duration(silenceTimeout) }
        return settings
    }
}

extension KernelJob {
    /// Reads a job file's `kernel:` section: every problem goes to `reader` with the line of its
    /// key (unknown keys with the closest known one, values of the wrong type), all at once.
    static func parse(_ node: Node, reader: inout JobFileReader) -> KernelJob? {
        guard
            let entries = reader.entries(
                "kernel", node, "a mapping of kernel settings (base-config:, reproducer:, ...)")
        else { return nil }
        var job = KernelJob()
        job.baseDirectory = reader.base
        let before = reader.problems.count
        for entry in entries {
            let key = entry.key, value = entry.value
            switch key {
            case "config": job.config = reader.string(key, value)
            case "base-config": job.baseConfig = reader.string(key, value)
            case "fragments": job.fragments = reader.strings(key, value)
            case "compilers": job.compilers = compilers(value, reader: &reader)
            case "reproducer": job.reproducer = reader.string(key, value)
            case "fixes": job.fixes = reader.strings(key, value)
            case "built-in-fixes": job.builtInFixes = reader.bool(key, value)
            case "syzkaller": job.syzkaller = reader.string(key, value)
            case "vms": job.vms = reader.int(key, value)
            case "memory": job.memory = reader.int(key, value)
            case "cpus": job.cpus = reader.int(key, value)
            case "cmdline": job.cmdline = reader.string(key, value)
            case "accelerator": job.accelerator = reader.string(key, value)
            case "qemu": job.qemu = reader.string(key, value)
            case "boot-timeout": job.bootTimeout = reader.seconds(key, value)
            case "reproducer-timeout": job.reproducerTimeout = reader.seconds(key, value)
            case "silence-timeout": job.silenceTimeout = reader.seconds(key, value)
            case "build-timeout": job.buildTimeout = reader.seconds(key, value)
            case "build-jobs": job.buildJobs = reader.int(key, value)
            case "ccache": job.ccache = reader.bool(key, value)
            case "build-directory": job.buildDirectory = reader.string(key, value)
            case "minimize-base": job.minimizeBase = reader.string(key, value)
            case "minimize-fragments": job.minimizeFragments = reader.strings(key, value)
            case "minimize-builds": job.minimizeBuilds = reader.int(key, value)
            default: reader.unknown(key, line: entry.line, what: "kernel setting", known: sectionKeys)
            }
        }
        return reader.problems.count == before ? job : nil
    }

    /// The `compilers:` table: a list of `{since: VERSION, cc: COMMAND}`.
    private static func compilers(_ node: Node, reader: inout JobFileReader) -> [CompilerEntry]? {
        guard let items = reader.list("compilers", node) else { return nil }
        var table: [CompilerEntry] = []
        for (index, item) in items.enumerated() {
            let name = "compilers[\(index)]"
            guard let entries = reader.entries(name, item, "a mapping such as {since: \"6.0\", cc: gcc-12}") else {
                continue
            }
            var entry = CompilerEntry()
            for field in entries {
                switch field.key {
                case "since": entry.since = reader.string("\(name).since", field.value)
                case "cc": entry.cc = reader.string("\(name).cc", field.value)
                default: reader.unknown(field.key, line: field.line, what: "\(name) setting", known: ["since", "cc"])
                }
            }
            table.append(entry)
        }
        return table
    }

    /// What builds and tests, for the job id: the contents of every file that changes what is
    /// built or run (the config or the fragments, each fix file's name and contents, the
    /// built-in fixes, the reproducer, syzkaller's binaries), never their paths, and the settings
    /// that change a build or a run (base config, compiler table, command line, memory, CPUs).
    /// A file changed in place makes another job, whose journal starts empty; the same files
    /// elsewhere (another machine, a copied bug directory) are the same job.
    public var identity: String {
        var parts = ["kernel", "config " + (config.map { ContentDigest.file(resolve($0)) } ?? ""), baseConfig ?? ""]
        parts += (fragments ?? []).map { "fragment " + ContentDigest.file(resolve($0)) }
        parts += (compilers ?? []).map { "\($0.since ?? "*")=\($0.cc ?? "")" }
        parts += [
            "reproducer " + (reproducer.map { ContentDigest.named(resolve($0)) } ?? ""), cmdline ?? "", "\(memory ?? 0)",
            "\(cpus ?? 0)",
        ]
        parts += Self.fixIdentity((fixes ?? []).map(resolve))
        if builtInFixes == false {
            parts.append("no-built-in-fixes")
        } else if let builtIn = BuildFixSet.builtInDirectory {
            parts += Self.fixIdentity([builtIn]).map { "built-in " + $0 }
        }
        if let preferredCompiler { parts.append("prefer " + preferredCompiler) }
        if isSyzkallerProgram {
            let (execprog, executor) = syzkallerBinaries()
            parts += [execprog, executor].map { $0.map(ContentDigest.named) ?? "" } + syzkallerArguments
        }
        return parts.joined(separator: "\u{0}")
    }

    /// `fix name=digest` for each fix file the paths give (files, or directories of them, as
    /// ``BuildFixSet/load(_:)`` reads them); the paths' digests when they cannot be read.
    static func fixIdentity(_ paths: [String]) -> [String] {
        guard let set = try? BuildFixSet.load(paths) else { return paths.map { "fix " + ContentDigest.file($0) } }
        return set.fixes.map { "fix " + ContentDigest.named($0.path) }
    }
}
