import Foundation
import Model
import Support
import TestSupport
import Testing

@testable import VCS

@Suite struct RepositoryTests {
    @Test func opensFromASubdirectoryAndReportsTopLevel() async throws {
        let f = try await GitRepository()
        try await f.commit("first", ["a/b/c.txt": "x\n"])
        let repo = try await Repository(path: f.path + "/a/b")
        #expect(repo.path == URL(fileURLWithPath: f.path).resolvingSymlinksInPath().path || repo.path == f.path)
        #expect(repo.gitDirectory.hasSuffix("/repo/.git"))
        #expect(!repo.isBare)
        #expect(!repo.isShallow)
    }

    @Test func opensABareRepository() async throws {
        let f = try await GitRepository(bare: true)
        let repo = try await Repository(path: f.path)
        #expect(repo.isBare)
        #expect(repo.path == repo.gitDirectory)
    }

    @Test func notARepositoryIsBadInput() async throws {
        let f = try await GitRepository()
        let plain = f.root + "/plain"
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        let error = await #expect(throws: CulpritError.self) { try await Repository(path: plain) }
        #expect(error?.code == .badInput)
        #expect(error?.message.contains("not a git repository") == true)
        let missing = await #expect(throws: CulpritError.self) { try await Repository(path: f.root + "/nowhere") }
        #expect(missing?.code == .badInput)
        #expect(missing?.message.contains("does not exist") == true)
    }

    @Test(.enabled(if: getuid() == 0, "needs root to give the repository to another user"))
    func anotherUsersRepositoryNamesSafeDirectory() async throws {
        let f = try await GitRepository()
        let r = try await ProcessRunner.run("chown", ["-R", "65534", f.path])
        #expect(r.succeeded)
        let error = await #expect(throws: CulpritError.self) {
            try await Repository(path: f.path)
        }
        #expect(error?.message.contains("safe.directory") == true)
        _ = try await ProcessRunner.run("chown", ["-R", "0", f.path])
    }

    @Test func resolvesNamesAndRejectsUnknownOnes() async throws {
        let f = try await GitRepository()
        let hashes = try await f.chain(3)
        try await f.git(["tag", "-a", "-m", "annotated", "v1.0", hashes[1]])
        try await f.git(["branch", "side", hashes[0]])
        let repo = try await Repository(path: f.path)
        #expect(try await repo.resolve("HEAD") == hashes[2])
        #expect(try await repo.resolve("HEAD~2") == hashes[0])
        #expect(try await repo.resolve("v1.0") == hashes[1])  // peeled to the commit
        #expect(try await repo.resolve("side") == hashes[0])
        #expect(try await repo.resolve(String(hashes[2].prefix(10))) == hashes[2])
        for bad in ["nosuchbranch", "--all", "", "HEAD~10", "HEAD:file.txt"] {
            let error = await #expect(throws: CulpritError.self) { try await repo.resolve(bad) }
            #expect(error?.code == .badInput, "\(bad)")
        }
        let error = await #expect(throws: CulpritError.self) { try await repo.resolve("nosuchbranch") }
        #expect(error?.message.contains("unknown revision 'nosuchbranch'") == true)
    }

    @Test func ancestryAndMergeBase() async throws {
        let f = try await GitRepository()
        let base = try await f.commit("base", ["a": "1\n"])
        try await f.git(["checkout", "-q", "-b", "topic"])
        let topic = try await f.commit("topic", ["b": "1\n"])
        try await f.git(["checkout", "-q", "main"])
        let main = try await f.commit("main", ["c": "1\n"])
        try await f.git(["checkout", "-q", "--orphan", "lonely"])
        let lonely = try await f.commit("lonely", ["d": "1\n"])
        let repo = try await Repository(path: f.path)
        #expect(try await repo.isAncestor(base, of: topic))
        #expect(try await repo.isAncestor(base, of: main))
        #expect(try await repo.isAncestor(main, of: main))
        #expect(try await !repo.isAncestor(topic, of: main))
        #expect(try await !repo.isAncestor(main, of: base))
        #expect(try await repo.mergeBase(topic, main) == base)
        #expect(try await repo.mergeBase("topic", "main") == base)
        #expect(try await repo.mergeBase(lonely, main) == nil)
    }
}
