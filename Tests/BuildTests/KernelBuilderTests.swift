import Build
import Foundation
import Model
import Support
import Testing

@Suite(
    "KernelBuilder", .serialized, .tags(.heavy),
    .enabled(if: KernelTestTree.available, "needs the linux-source-6.1 tarball (scripts/install-deps --kernel)"))
struct KernelBuilderTests {
    static var fragment: String { KernelTestTree.packageRoot + "/scripts/kernel/kasan.config" }

    func settings(_ tree: KernelTestTree, root: String) -> KernelBuildSettings {
        KernelBuildSettings(
            config: .base(target: "tinyconfig", fragments: [Self.fragment]), buildRoot: tree.directory(root))
    }

    func build(_ builder: KernelBuilder, _ tree: KernelTestTree, _ commit: String, _ name: String) async throws
        -> BuildResult
    {
        let output = tree.directory("out-" + name)
        let result = try await builder.build(
            BuildRequest(commit: commit, worktree: tree.worktree, outputDirectory: output))
        print("kernel build \(name) (\(commit.prefix(12))): \(result.status) in \(result.seconds) s")
        return result
    }

    @Test("identical source gives an identical signature; a code change changes it; a broken commit fails")
    func signatures() async throws {
        try await KernelTestTree.locked { try await signaturesLocked() }
    }

    func signaturesLocked() async throws {
        let tree = try await KernelTestTree.make("builder")
        let before = try await tree.parent(of: tree.commits["BUG"]!)
        let first = KernelBuilder(settings: settings(tree, root: "build-a"))
        let a = try await build(first, tree, before, "a")
        #expect(a.status == .built, "\(a.firstError ?? "") \(a.logTail ?? "")")
        let image = try #require(a.artifact?.files["kernel"])
        #expect(FileManager.default.fileExists(atPath: image))
        let config = try String(contentsOfFile: try #require(a.artifact?.files["config"]), encoding: .utf8)
        #expect(config.contains("CONFIG_KASAN=y"))

        // The same source in another build directory (ccache makes it quick): same signature.
        let second = KernelBuilder(settings: settings(tree, root: "build-b"))
        let b = try await build(second, tree, before, "b")
        #expect(b.status == .built)
        #expect(a.artifact?.signature != nil)
        #expect(a.artifact?.signature == b.artifact?.signature)

        // The planted bug changes kernel/sys.c: an incremental rebuild with another signature.
        let c = try await build(first, tree, tree.commits["BUG"]!, "c")
        #expect(c.status == .built)
        #expect(c.artifact?.signature != a.artifact?.signature)
        // No Kconfig file changed: the configuration step is skipped.
        let log = try String(contentsOfFile: try #require(c.logPath), encoding: .utf8)
        #expect(log.contains("configuration inputs unchanged"))

        // The build break: a failed build naming the undeclared function.
        let d = try await build(first, tree, tree.commits["BREAK"]!, "d")
        #expect(d.status == .failed)
        #expect(d.firstError?.contains("culprit_e2e_stat_scale") == true, "\(d.firstError ?? "nil")")
        #expect(d.logTail?.isEmpty == false)
    }

    @Test("a requested option olddefconfig drops fails the build naming it; one the kernel does not define is not asked")
    func droppedOptions() async throws {
        try await KernelTestTree.locked { try await droppedOptionsLocked() }
    }

    func droppedOptionsLocked() async throws {
        let tree = try await KernelTestTree.make("builder")
        let commit = tree.commits["BASE"]!
        // The e2e fragment without CONFIG_SLUB=y: 6.1's tinyconfig has SLOB, and KASAN depends
        // on SLUB (or SLAB), so olddefconfig drops KASAN, as a 6.2+ tinyconfig's SLUB_TINY does.
        let kasan = try String(contentsOfFile: Self.fragment, encoding: .utf8)
        let directory = tree.directory("dropped")
        let withoutSlub = directory + "/kasan-no-slub.config"
        try (kasan.split(separator: "\n").filter { $0 != "CONFIG_SLUB=y" }.joined(separator: "\n")
            + "\nCONFIG_CULPRIT_NO_SUCH_OPTION=y\n").write(toFile: withoutSlub, atomically: true, encoding: .utf8)
        var s = settings(tree, root: "build-a")
        s.config = .base(target: "tinyconfig", fragments: [withoutSlub])
        let dropped = try await build(KernelBuilder(settings: s), tree, commit, "dropped")
        #expect(dropped.status == .failed)
        #expect(dropped.configNotHonoured == ["CONFIG_KASAN", "CONFIG_KASAN_GENERIC", "CONFIG_KASAN_INLINE"])
        #expect(dropped.firstError?.contains("config settings not honoured") == true, "\(dropped.firstError ?? "")")
        #expect(dropped.firstError?.contains("CONFIG_CULPRIT_NO_SUCH_OPTION") == false)
        // No image was built for it.
        let log = try String(contentsOfFile: try #require(dropped.logPath), encoding: .utf8)
        #expect(!log.contains("culprit: image "))
        #expect(log.contains("does not define (not asked of it): [\"CONFIG_CULPRIT_NO_SUCH_OPTION\"]"))

        // configuration() (config minimization's base) refuses it the same way.
        let error = await #expect(throws: CulpritError.self) {
            _ = try await KernelBuilder(settings: s).configuration(
                BuildRequest(commit: commit, worktree: tree.worktree, outputDirectory: tree.directory("dropped-config")))
        }
        #expect(error?.code == .badInput && error?.message.contains("CONFIG_KASAN, CONFIG_KASAN_GENERIC") == true)

        // With SLUB asked for too, every requested option is kept; the unknown one is not asked.
        let withSlub = directory + "/kasan-unknown.config"
        try (kasan + "CONFIG_CULPRIT_NO_SUCH_OPTION=y\n").write(toFile: withSlub, atomically: true, encoding: .utf8)
        s.config = .base(target: "tinyconfig", fragments: [withSlub])
        let text = try await KernelBuilder(settings: s).configuration(
            BuildRequest(commit: commit, worktree: tree.worktree, outputDirectory: tree.directory("kept-config")))
        #expect(text.contains("CONFIG_KASAN=y") && text.contains("CONFIG_KASAN_INLINE=y"))

        // A full config (config: FILE) is checked for its crash detectors: KASAN without SLUB.
        let full = directory + "/full.config"
        try text.replacingOccurrences(of: "CONFIG_SLUB=y", with: "# CONFIG_SLUB is not set")
            .replacingOccurrences(of: "# CONFIG_SLOB is not set", with: "CONFIG_SLOB=y")
            .write(toFile: full, atomically: true, encoding: .utf8)
        s.config = .file(full)
        let fullError = await #expect(throws: CulpritError.self) {
            _ = try await KernelBuilder(settings: s).configuration(
                BuildRequest(commit: commit, worktree: tree.worktree, outputDirectory: tree.directory("full-config")))
        }
        #expect(fullError?.message.contains("CONFIG_KASAN") == true, "\(fullError?.message ?? "")")
    }

    @Test("a missing compiler is an infrastructure error naming it")
    func missingCompiler() async throws {
        let tree = try await KernelTestTree.make("builder")
        var s = settings(tree, root: "build-missing")
        s.compilers = [.init(cc: "gcc"), .init(since: KernelVersion("6.0"), cc: "culprit-no-such-gcc")]
        let builder = KernelBuilder(settings: s)
        let request = BuildRequest(
            commit: tree.commits["BASE"]!, worktree: tree.worktree, outputDirectory: tree.directory("out-missing"))
        await #expect(throws: CulpritError.self) { try await builder.build(request) }
        do {
            _ = try await builder.build(request)
        } catch let error as CulpritError {
            #expect(error.code == .infrastructure)
            #expect(error.message.contains("culprit-no-such-gcc"))
        }
    }
}

@Suite("KernelBuildSettings")
struct KernelBuildSettingsTests {
    @Test("the compiler table picks the latest entry not after the kernel version")
    func compilerTable() throws {
        let settings = KernelBuildSettings(
            config: .file("/x"), buildRoot: "/tmp",
            compilers: [
                .init(cc: "gcc-8"), .init(since: KernelVersion("5.10"), cc: "gcc-10"),
                .init(since: KernelVersion("6.1"), cc: "gcc-12"),
            ])
        #expect(settings.compiler(for: KernelVersion("4.19")) == "gcc-8")
        #expect(settings.compiler(for: KernelVersion("5.10.3")) == "gcc-10")
        #expect(settings.compiler(for: KernelVersion("6.1")) == "gcc-12")
        #expect(settings.compiler(for: KernelVersion("6.7")) == "gcc-12")
        #expect(settings.compiler(for: nil) == "gcc-8")
    }

    @Test("kernel versions parse from version strings and Makefiles")
    func versions() {
        #expect(KernelVersion("v6.1") == KernelVersion(major: 6, minor: 1))
        #expect(KernelVersion("6.1.192")?.patch == 192)
        #expect(KernelVersion("six") == nil)
        #expect(KernelVersion("6") == nil)
        let makefile = "# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\n"
        #expect(KernelVersion(makefile: makefile) == KernelVersion(major: 6, minor: 1, patch: 192))
        #expect(KernelVersion(makefile: "all:\n\techo") == nil)
    }

    @Test("config fragments override the base, later settings winning")
    func merge() {
        var base = KernelConfig(text: "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"x\"\n")
        base.merge(KernelConfig(text: "# comment\nCONFIG_B=y\n# CONFIG_A is not set\n"))
        #expect(base.values == ["CONFIG_A": "n", "CONFIG_B": "y", "CONFIG_C": "\"x\""])
        #expect(base.text.contains("# CONFIG_A is not set\n"))
        #expect(!base.text.contains("CONFIG_A=y"))
    }

    @Test("the first error line of a failed build log")
    func firstError() {
        let log =
            "  CC      fs/stat.o\nfs/stat.c:12:16: error: implicit declaration of function 'f'\nmake[2]: *** [x] Error 1\n"
        #expect(BuildLog.firstError(in: log) == "fs/stat.c:12:16: error: implicit declaration of function 'f'")
        #expect(
            BuildLog.firstError(in: "ld: a.o: undefined reference to `g'\n")?.contains("undefined reference")
                == true)
    }
}
