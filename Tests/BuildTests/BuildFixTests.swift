@testable import Build
import Foundation
import Model
import Support
import Testing

/// Build fixes chosen by ancestry in real git repositories, applied with git.
@Suite struct BuildFixTests {
    final class Repo {
        let path: String
        init() async throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-fix-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try await git("init", "-q", "-b", "main")
            try await git("config", "user.name", "Ada")
            try await git("config", "user.email", "ada@example.com")
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        @discardableResult
        func git(_ arguments: String...) async throws -> String {
            let r = try await ProcessRunner.run("git", arguments, directory: path, timeout: .seconds(60))
            guard r.succeeded else { throw CulpritError.infrastructure("git \(arguments): \(r.errorText)") }
            return r.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Commits `files` and returns the hash.
        func commit(_ message: String, _ files: [String: String]) async throws -> String {
            for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
            try await git("add", "-A")
            try await git("commit", "-q", "-m", message)
            return try await git("rev-parse", "HEAD")
        }

        func write(_ name: String, _ text: String) throws -> String {
            let file = path + "/../" + UUID().uuidString + "-" + name
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return URL(fileURLWithPath: file).standardized.path
        }
    }

    static func makefile(_ minor: Int) -> String { "VERSION = 5\nPATCHLEVEL = \(minor)\nSUBLEVEL = 0\n" }

    /// History: base (5.3) → breaks (5.4, needs the fix) → middle → upstream fix (5.7).
    @Test func aFixAppliesExactlyBetweenTheCommitThatNeedsItAndItsUpstreamFix() async throws {
        let repo = try await Repo()
        let base = try await repo.commit("base", ["Makefile": Self.makefile(3), "lexer.c": "int a;\nint b;\n"])
        let breaks = try await repo.commit(
            "lexer: add yylloc", ["Makefile": Self.makefile(4), "lexer.c": "int a;\nYYLTYPE yylloc;\nint b;\n"])
        let middle = try await repo.commit("middle", ["other.c": "x\n"])
        let fixed = try await repo.commit(
            "lexer: drop the second yylloc", ["Makefile": Self.makefile(7), "lexer.c": "int a;\nint b;\n"])
        let patch = """
            Fix: drop the duplicate yylloc (gcc 10 -fno-common)
            Needed-From: \(breaks)
            Unneeded-From: \(fixed)
            Config-Off: CONFIG_WERROR

            diff --git a/lexer.c b/lexer.c
            --- a/lexer.c
            +++ b/lexer.c
            @@ -1,3 +1,2 @@
             int a;
            -YYLTYPE yylloc;
             int b;

            """
        let file = try repo.write("yylloc.patch", patch)
        let set = try BuildFixSet.load([file])
        #expect(set.fixes.first?.summary == "drop the duplicate yylloc (gcc 10 -fno-common)")
        for (commit, needed) in [(base, false), (breaks, true), (middle, true), (fixed, false)] {
            try await repo.git("checkout", "-q", "-f", commit)
            let outcome = try await set.apply(tree: repo.path, version: nil)
            #expect(outcome.applied == (needed ? [(file as NSString).lastPathComponent] : []), "at \(commit)")
            #expect(outcome.configOff == (needed ? ["CONFIG_WERROR"] : []))
            let lexer = try String(contentsOfFile: repo.path + "/lexer.c", encoding: .utf8)
            #expect(!lexer.contains("yylloc"), "the tree at \(commit) has no yylloc after the fixes")
        }
    }

    @Test func commitsTheRepositoryLacksFallBackOnVersions() async throws {
        let repo = try await Repo()
        _ = try await repo.commit("v5.4", ["Makefile": Self.makefile(4), "a.c": "a\n"])
        let unknown = String(repeating: "ab", count: 20)
        let byVersion = try repo.write(
            "old.fix", "Fix: old only\nUnneeded-From: \(unknown)\nUnneeded-From-Version: 5.7\nConfig-Off: CONFIG_X\n")
        let undecidable = try repo.write("maybe.fix", "Fix: ?\nNeeded-From: \(unknown)\nConfig-Off: CONFIG_Y\n")
        let set = try BuildFixSet.load([byVersion, undecidable])
        let old = try await set.apply(tree: repo.path, version: KernelVersion("5.4"))
        #expect(old.applied.count == 1 && old.applied[0].hasSuffix("old.fix"))
        #expect(old.configOff == ["CONFIG_X"])
        #expect(old.notes.count == 1 && old.notes[0].contains("cannot tell whether it is needed (commit abababababab not in the repository)"))
        let new = try await set.apply(tree: repo.path, version: KernelVersion("5.10"))
        #expect(new.applied.isEmpty)
    }

    @Test func aPatchThatDoesNotApplyIsReportedNotFatal() async throws {
        let repo = try await Repo()
        _ = try await repo.commit("base", ["a.c": "one\n"])
        let file = try repo.write(
            "stale.patch",
            "Fix: stale\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-two\n+three\n")
        let outcome = try await BuildFixSet.load([file]).apply(tree: repo.path, version: nil)
        #expect(outcome.applied.isEmpty)
        #expect(outcome.notes.first?.contains("does not apply here") == true)
    }

    @Test func badFixFilesNameTheLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-fixes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Fix: x\nNeeded-From-Version: six\nConfig-Off: CONFIG_A\n".write(
            toFile: dir + "/a.fix", atomically: true, encoding: .utf8)
        let error = try #require(throws: CulpritError.self) { try BuildFixSet.load([dir]) }
        #expect(error.message.contains("a.fix:2: 'six' is not a kernel version"))
        try "Fix: x\nColour: blue\n".write(toFile: dir + "/a.fix", atomically: true, encoding: .utf8)
        #expect(throws: CulpritError.self) { try BuildFixSet.load([dir]) }
        try "Fix: nothing\n".write(toFile: dir + "/a.fix", atomically: true, encoding: .utf8)
        let empty = try #require(throws: CulpritError.self) { try BuildFixSet.load([dir]) }
        #expect(empty.message.contains("neither a diff nor Config-Off"))
        let missing = try #require(throws: CulpritError.self) { try BuildFixSet.load([dir + "/nope"]) }
        #expect(missing.message.contains("does not exist"))
    }

    @Test func theBuiltInFixesLoad() throws {
        let directory = try #require(BuildFixSet.builtInDirectory)
        let set = try BuildFixSet.load([directory])
        #expect(set.fixes.contains { $0.configOff == ["CONFIG_WERROR"] })
    }
}

extension BuildFixTests {
    @Test func configOptionsAreTurnedOffSetOrNot() {
        let text = "CONFIG_A=y\nCONFIG_WERROR=y\n# CONFIG_B is not set\nCONFIG_WERROR_EXTRA=y\n"
        let off = KernelBuilder.turningOff(["CONFIG_WERROR", "CONFIG_B", "CONFIG_NEW"], in: text)
        #expect(off == "CONFIG_A=y\n# CONFIG_WERROR is not set\n# CONFIG_B is not set\nCONFIG_WERROR_EXTRA=y\n# CONFIG_NEW is not set\n")
    }
}
