import Foundation
import Model
import Support

/// Builds a Linux kernel image for one revision: configuration (a full `.config`, or a base
/// target plus fragments) → `olddefconfig` → `make bzImage` in the job's `O=` directory.
///
/// The builder keeps its own checkout of the revision in `<buildRoot>/src` (a worktree of the
/// request's repository, updated file by file) and its `O=` directory in `<buildRoot>/obj`, so a
/// neighbour commit rebuilds only what changed, and jobs sharing a build root (a cause and a fix
/// bisection of the same repository) share the objects too; the image is copied into the
/// request's output directory. ccache, when used, gets `<buildRoot>` as base directory.
/// The build identity (timestamp, user, host, build number) is pinned, so unchanged source
/// gives a byte-identical image and the signature (SHA-256 of the image) detects commits that
/// do not change the binary. Builds of one builder must not run concurrently (one `O=` dir).
public struct KernelBuilder: Builder {
    public let settings: KernelBuildSettings

    public init(settings: KernelBuildSettings) {
        self.settings = settings
    }

    /// The compiler's `--version` first line (with the kernel version when known).
    public func describe(_ request: BuildRequest) async -> String {
        let compiler = settings.chooseCompiler(for: await Self.version(at: request.commit, in: request.worktree)).cc
        let result = try? await ProcessRunner.run(compiler, ["--version"], timeout: .seconds(30))
        let line = result.flatMap { $0.succeeded ? $0.outputText.split(separator: "\n").first : nil }
        return line.map(String.init) ?? compiler
    }

    public func build(_ request: BuildRequest) async throws -> BuildResult {
        let started = ContinuousClock.now
        let logPath = request.outputDirectory + "/build.log"
        let log = KernelBuildLog(path: logPath)
        // One build at a time in this root (its checkout and O= directory), whichever job asks.
        let lock = try await BuildRootLock.acquire(settings.buildRoot) {
            log.append("culprit: waiting for another job's build in \(settings.buildRoot)")
        }
        defer { withExtendedLifetime(lock) {} }
        let objectDirectory = settings.buildRoot + "/obj"
        try Self.makeDirectory(objectDirectory)
        let prepared = try await prepare(request, log: log)
        let (request, cc, fixes, notes) = (prepared.request, prepared.cc, prepared.fixes, prepared.notes)

        let deadline = ContinuousClock.now + settings.timeout
        func remaining() -> Duration { max(.seconds(1), deadline - ContinuousClock.now) }
        func failed(_ reason: String?) throws -> BuildResult {
            let text = log.text()
            var result = BuildResult(
                status: .failed, firstError: reason ?? BuildLog.firstError(in: text),
                logTail: Self.tail(text, 40), logPath: logPath,
                seconds: (ContinuousClock.now - started).seconds)
            result.notes = notes
            return result
        }

        // 1. The configuration, made in a scratch directory and copied only when it changed,
        //    so that an unchanged configuration does not trigger a full rebuild.
        let config: String
        switch try await makeConfig(
            request: request, cc: cc, configOff: fixes.configOff, log: log, timeout: remaining())
        {
        case .success(let text): config = text
        case .failure(let reason): return try failed(reason)
        case .notHonoured(let options):
            var result = try failed(Self.notHonouredReason(options))
            result.configNotHonoured = options
            return result
        }
        let objectConfig = objectDirectory + "/.config"
        if (try? String(contentsOfFile: objectConfig, encoding: .utf8)) != config {
            try Self.write(config, to: objectConfig)
        }

        // 2. The image.
        let make = try await ProcessRunner.run(
            "make", makeArguments(request: request, objectDirectory: objectDirectory, cc: cc) + [settings.target],
            directory: request.worktree, environment: identity, output: .file(logPath + ".make"),
            mergeStandardError: true, timeout: remaining(), contained: true)
        log.appendFile(logPath + ".make")
        if make.timedOut { return try failed("build timed out after \(settings.timeout)") }
        guard make.succeeded else { return try failed(nil) }

        let image = objectDirectory + "/" + settings.imagePath
        let copy = request.outputDirectory + "/" + (settings.imagePath as NSString).lastPathComponent
        do {
            if FileManager.default.fileExists(atPath: copy) { try FileManager.default.removeItem(atPath: copy) }
            try FileManager.default.copyItem(atPath: image, toPath: copy)
        } catch {
            throw CulpritError.infrastructure("cannot copy the kernel image \(image) to \(copy): \(error)")
        }
        let signature = try await BuildLog.sha256([copy])[0]
        log.append("culprit: image \(copy) sha256 \(signature)")
        var files = ["kernel": copy, "config": objectConfig]
        let vmlinux = objectDirectory + "/vmlinux"
        if FileManager.default.fileExists(atPath: vmlinux) { files["vmlinux"] = vmlinux }
        var result = BuildResult(
            status: .built,
            artifact: Artifact(directory: request.outputDirectory, files: files, signature: signature),
            logPath: logPath, seconds: (ContinuousClock.now - started).seconds)
        result.notes = notes
        return result
    }

    /// The build root's checkout moved to `request.commit`, with the compiler its kernel version
    /// gets and the build fixes it needs applied (call with the root locked).
    private func prepare(_ request: BuildRequest, log: KernelBuildLog) async throws -> (
        request: BuildRequest, compiler: String, why: String, cc: String, fixes: BuildFixSet.Applied, notes: [String]
    ) {
        let source = try await KernelSourceTree(root: settings.buildRoot).checkout(
            request.commit, from: request.worktree)
        var request = request
        request.worktree = source
        let version = Self.version(of: source)
        let (compiler, why) = settings.chooseCompiler(for: version)
        try await Self.requireTool(compiler, what: "the compiler for kernel \(version?.description ?? "?")")
        try await Self.requireTool("make", what: "make")
        let cc = try await ccacheAvailable() ? "ccache \(compiler)" : compiler
        log.append(
            "culprit: building \(request.commit) (kernel \(version?.description ?? "unknown")) with \(cc) (\(why))")
        let fixes = try await fixSet().apply(tree: source, version: version)
        let notes = Self.buildNotes(compiler: compiler, why: why, fixes: fixes)
        for note in notes { log.append("culprit: " + note) }
        return (request, compiler, why, cc, fixes, notes)
    }

    /// The complete `.config` this builder's settings give for `request.commit` (base target,
    /// fragments or file, the fixes' options turned off, `olddefconfig`), without building; the
    /// log goes to `<request.outputDirectory>/config.log`. Config minimization asks for its base
    /// config this way.
    /// - Throws: `CulpritError.infrastructure` when the configuration step fails.
    public func configuration(_ request: BuildRequest) async throws -> String {
        let log = KernelBuildLog(path: request.outputDirectory + "/config.log")
        let lock = try await BuildRootLock.acquire(settings.buildRoot) {
            log.append("culprit: waiting for another job's build in \(settings.buildRoot)")
        }
        defer { withExtendedLifetime(lock) {} }
        let prepared = try await prepare(request, log: log)
        switch try await makeConfig(
            request: prepared.request, cc: prepared.cc, configOff: prepared.fixes.configOff, log: log,
            timeout: settings.timeout)
        {
        case .success(let text): return text
        case .failure(let reason):
            throw CulpritError.infrastructure(
                "the kernel configuration step failed for \(request.commit): \(reason) (log: \(log.path))")
        case .notHonoured(let options):
            throw CulpritError.badInput(
                "the kernel configuration of \(request.commit) lacks settings the job asks for: "
                    + Self.notHonouredReason(options) + " (log: \(log.path))")
        }
    }

    /// Environment pinning the build identity (the image embeds them).
    var identity: [String: String?] {
        [
            "KBUILD_BUILD_TIMESTAMP": settings.buildTimestamp, "KBUILD_BUILD_USER": settings.buildUser,
            "KBUILD_BUILD_HOST": settings.buildHost, "KBUILD_BUILD_VERSION": "1",
            "LC_ALL": "C", "ARCH": nil, "CROSS_COMPILE": nil, "CCACHE_BASEDIR": settings.buildRoot,
        ]
    }

    func makeArguments(request: BuildRequest, objectDirectory: String, cc: String) -> [String] {
        ["-C", request.worktree, "O=" + objectDirectory, "-j\(max(1, settings.jobs))", "CC=" + cc, "HOSTCC=gcc"]
    }

    private enum ConfigOutcome {
        case success(String)
        case failure(String)
        /// olddefconfig dropped options the settings ask for (their dependencies are off or
        /// missing in this revision).
        case notHonoured([String])
    }

    /// What a build whose configuration dropped `options` says (its first error line).
    static func notHonouredReason(_ options: [String]) -> String {
        "config settings not honoured: olddefconfig dropped \(options.joined(separator: ", ")) (their dependencies "
            + "are off or missing in this revision); a kernel without them cannot show the crash, so it is not tested"
    }

    /// The crash detectors a full config (`config: FILE`) is checked for: the options that make
    /// a crash visible at all. A fragment's settings are all checked.
    static let detectorOptions = [
        "CONFIG_KASAN", "CONFIG_KMSAN", "CONFIG_KCSAN", "CONFIG_UBSAN", "CONFIG_KFENCE", "CONFIG_PROVE_LOCKING",
    ]

    /// The options the settings ask for that `final` (the completed `.config`) does not have as
    /// asked, among those the tree at `source` defines in a Kconfig file (an option this
    /// kernel does not have at all, such as one added later, is not asked of it).
    static func notHonoured(wanted: [String: String], final: String, source: String) async throws -> (
        dropped: [String], unknown: [String]
    ) {
        let result = KernelConfig(text: final).values
        let changed = wanted.keys.sorted().filter { wanted[$0] != "n" && result[$0] != wanted[$0] }
        guard !changed.isEmpty else { return ([], []) }
        let defined = try await definedSymbols(changed, in: source)
        return (changed.filter(defined.contains), changed.filter { !defined.contains($0) })
    }

    /// Which of `options` (`CONFIG_X`) a `config X` or `menuconfig X` line of the tree's Kconfig
    /// files defines.
    static func definedSymbols(_ options: [String], in source: String) async throws -> Set<String> {
        let names = options.map { String($0.dropFirst("CONFIG_".count)) }.filter {
            !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
        }
        guard !names.isEmpty else { return [] }
        let pattern = "^[[:space:]]*(menu)?config[[:space:]]+(" + names.joined(separator: "|") + ")[[:space:]]*$"
        let result = try await ProcessRunner.run(
            "git", ["-C", source, "grep", "-h", "-E", pattern, "--", ":(glob)**/Kconfig*"],
            output: .capture(limit: 4 << 20), timeout: .seconds(300))
        switch result.status {
        case .exited(0), .exited(1): break
        default: throw CulpritError.infrastructure("git grep in \(source) failed: \(result.tail(3))")
        }
        var found: Set<String> = []
        for line in result.outputText.split(separator: "\n") {
            if let name = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last { found.insert("CONFIG_" + name) }
        }
        return found.intersection(options)
    }

    /// Runs the configuration steps in `<buildRoot>/config` and returns the final `.config`.
    private func makeConfig(
        request: BuildRequest, cc: String, configOff: [String], log: KernelBuildLog, timeout: Duration
    ) async throws -> ConfigOutcome {
        let directory = settings.buildRoot + "/config"
        try Self.makeDirectory(directory)
        let configPath = directory + "/.config"
        let inputsPath = directory + "/culprit-inputs"
        var inputs = try await configInputs(source: request.worktree, cc: cc)
        if !configOff.isEmpty { inputs += "off " + configOff.joined(separator: " ") + "\n" }
        if let previous = try? String(contentsOfFile: inputsPath, encoding: .utf8), previous == inputs,
            let final = try? String(contentsOfFile: configPath, encoding: .utf8)
        {
            log.append("culprit: configuration inputs unchanged: reusing \(configPath)")
            return .success(final)
        }
        try? FileManager.default.removeItem(atPath: inputsPath)
        let arguments = makeArguments(request: request, objectDirectory: directory, cc: cc)
        func make(_ target: String) async throws -> Bool {
            let result = try await ProcessRunner.run(
                "make", arguments + [target], directory: request.worktree, environment: identity,
                output: .capture(limit: 16 << 20), mergeStandardError: true, timeout: timeout, contained: true)
            log.append("culprit: make \(target)\n" + result.outputText)
            return result.succeeded
        }
        var wanted: [String: String] = [:]
        switch settings.config {
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CulpritError.badInput(
                    "cannot read the kernel config file \(path); check the job's config setting")
            }
            try Self.write(text, to: configPath)
            let values = KernelConfig(text: text).values
            for option in Self.detectorOptions { if let value = values[option] { wanted[option] = value } }
        case .base(let target, let fragments):
            guard try await make(target) else { return .failure("make \(target) failed") }
            var merged = KernelConfig(text: (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? "")
            for fragmentPath in fragments {
                guard let text = try? String(contentsOfFile: fragmentPath, encoding: .utf8) else {
                    throw CulpritError.badInput(
                        "cannot read the kernel config fragment \(fragmentPath); check the job's config setting")
                }
                let fragment = KernelConfig(text: text)
                merged.merge(fragment)
                for (key, value) in fragment.values { wanted[key] = value }
            }
            try Self.write(merged.text, to: configPath)
        }
        if !configOff.isEmpty, let text = try? String(contentsOfFile: configPath, encoding: .utf8) {
            try Self.write(Self.turningOff(configOff, in: text), to: configPath)
        }
        guard try await make("olddefconfig") else { return .failure("make olddefconfig failed") }
        guard let final = try? String(contentsOfFile: configPath, encoding: .utf8) else {
            return .failure("make olddefconfig wrote no .config")
        }
        // The configuration turned off is the fixes' doing (Config-Off), not a request.
        for option in configOff { wanted[option] = nil }
        let (dropped, unknown) = try await Self.notHonoured(wanted: wanted, final: final, source: request.worktree)
        if !unknown.isEmpty {
            log.append("culprit: config settings this kernel does not define (not asked of it): \(unknown)")
        }
        if !dropped.isEmpty {
            // Not cached as the step's result: the next build runs the step again.
            log.append("culprit: error: " + Self.notHonouredReason(dropped))
            return .notHonoured(dropped)
        }
        try? inputs.write(toFile: inputsPath, atomically: true, encoding: .utf8)
        return .success(final)
    }

    /// Everything the configuration step depends on: the config settings and files, the
    /// compiler, and the git object ids of the tree's Kconfig files, config presets, kconfig
    /// tool and the scripts Kconfig calls. Equal inputs give an equal `.config`, so the step is
    /// skipped (it costs 20–30 s per revision on a busy 2-core machine).
    func configInputs(source: String, cc: String) async throws -> String {
        var text = "cc \(cc)\n"
        switch settings.config {
        case .file(let path):
            text += "file \(path)\n" + ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") + "\n"
        case .base(let target, let fragments):
            text += "base \(target)\n"
            for fragment in fragments {
                text +=
                    "fragment \(fragment)\n" + ((try? String(contentsOfFile: fragment, encoding: .utf8)) ?? "") + "\n"
            }
        }
        let tree = try await ProcessRunner.run("git", ["-C", source, "ls-tree", "-r", "HEAD"], timeout: .seconds(300))
        guard tree.succeeded else {
            throw CulpritError.infrastructure("git ls-tree in \(source) failed: \(tree.tail(3))")
        }
        for line in tree.outputText.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let path = line[line.index(after: tab)...]
            let name = path.split(separator: "/").last ?? ""
            let parts = path.split(separator: "/")
            let relevant =
                name.hasPrefix("Kconfig") || path == "Makefile" || path.hasPrefix("scripts/kconfig/")
                || path.hasPrefix("kernel/configs/")
                || (parts.count == 2 && parts[0] == "scripts" && name.hasSuffix(".sh"))
                || (parts.count >= 3 && parts[0] == "arch" && parts[2] == "configs")
            if relevant { text += line + "\n" }
        }
        return text
    }

    private func ccacheAvailable() async throws -> Bool {
        guard settings.useCcache else { return false }
        return (try? await ProcessRunner.run("ccache", ["--version"], timeout: .seconds(30)))?.succeeded ?? false
    }

    /// The kernel version of the tree at `worktree`, from its top-level Makefile.
    /// The kernel version of `commit` itself: its top-level Makefile read from git, whatever the
    /// work tree holds now (a bisection describes a revision before checking it out). Falls back
    /// on the work tree's Makefile when git cannot show it.
    static func version(at commit: String, in worktree: String) async -> KernelVersion? {
        let shown = try? await ProcessRunner.run(
            "git", ["-C", worktree, "show", commit + ":Makefile"], output: .capture(limit: 1 << 20),
            timeout: .seconds(30))
        guard let shown, shown.succeeded else { return version(of: worktree) }
        return KernelVersion(makefile: shown.outputText)
    }

    static func version(of worktree: String) -> KernelVersion? {
        (try? String(contentsOfFile: worktree + "/Makefile", encoding: .utf8)).flatMap {
            KernelVersion(makefile: $0)
        }
    }

    static func requireTool(_ tool: String, what: String) async throws {
        let found = try? await ProcessRunner.run(
            "sh", ["-c", "command -v \"$1\"", "sh", tool], timeout: .seconds(30))
        guard found?.succeeded == true else {
            throw CulpritError.infrastructure(
                "\(what) (\(tool)) is not installed or not on PATH; install it (scripts/install-deps --kernel) "
                    + "or change the job's compiler table")
        }
    }

    static func tail(_ text: String, _ count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }

    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CulpritError.infrastructure("cannot create the build directory \(path): \(error)")
        }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CulpritError.infrastructure("cannot write \(path): \(error)")
        }
    }
}

