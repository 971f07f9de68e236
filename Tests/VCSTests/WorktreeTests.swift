import Foundation
import Model
import Support
import TestSupport
import Testing

@testable import VCS

@Suite struct WorktreeTests {
    /// A repository with two commits that differ in tracked files, plus an ignored pattern.
    func setUp() async throws -> (GitRepository, Repository, [String]) {
        let f = try await GitRepository()
        let one = try await f.commit("one", [".gitignore": "*.o\nbuild/\n", "src/a.c": "one\n", "old.txt": "old\n"])
        let two = try await f.commit("two", ["src/a.c": "two\n", "old.txt": nil, "new.txt": "new\n"])
        return (f, try await Repository(path: f.path), [one, two])
    }

    @Test func checkoutYieldsExactlyTheCommitAndKeepsNamedBuildDirectories() async throws {
        let (f, repo, h) = try await setUp()
        try f.write("user-untracked.txt", "mine\n")  // in the user's checkout: must survive
        let wt = try await repo.worktree(at: f.root + "/jobs/1", keeping: ["build"])
        #expect(try await wt.head() != nil)
        try await wt.checkout(h[0])
        #expect(f.read("src/a.c", in: wt.path) == "one\n")
        #expect(f.read("old.txt", in: wt.path) == "old\n")
        #expect(f.read("new.txt", in: wt.path) == nil)
        // Dirt of every kind: modified, deleted, untracked, ignored, a kept build dir.
        try f.write("src/a.c", "local edit\n", in: wt.path)
        try FileManager.default.removeItem(atPath: wt.path + "/old.txt")
        try f.write("untracked/x.txt", "x\n", in: wt.path)
        try f.write("src/a.o", "obj\n", in: wt.path)
        try f.write("build/vmlinux", "kernel\n", in: wt.path)
        try await f.git(["add", "untracked/x.txt"], in: wt.path)  // staged too
        try await wt.checkout(h[1])
        #expect(f.read("src/a.c", in: wt.path) == "two\n")
        #expect(f.read("new.txt", in: wt.path) == "new\n")
        #expect(f.read("old.txt", in: wt.path) == nil)
        #expect(f.read("untracked/x.txt", in: wt.path) == nil)
        #expect(f.read("src/a.o", in: wt.path) == nil)
        #expect(f.read("build/vmlinux", in: wt.path) == "kernel\n")
        #expect(try await f.git(["status", "--porcelain", "--untracked-files=all"], in: wt.path) == "")
        // The same commit again, and keeping nothing this time.
        try await wt.checkout(h[1], keeping: [])
        #expect(f.read("build/vmlinux", in: wt.path) == nil)
        // The user's checkout is untouched.
        #expect(try await f.git(["rev-parse", "--abbrev-ref", "HEAD"]) == "main")
        #expect(try await f.git(["status", "--porcelain"]) == "?? user-untracked.txt")
    }

    @Test func reusesAnExistingWorktreeAndRejectsForeignDirectories() async throws {
        let (f, repo, h) = try await setUp()
        let wt = try await repo.worktree(at: f.root + "/jobs/1")
        try await wt.checkout(h[0])
        let again = try await repo.worktree(at: f.root + "/jobs/1")
        #expect(again.gitDirectory == wt.gitDirectory)
        #expect(try await again.head() == h[0])

        let foreign = f.root + "/foreign"
        try f.write("precious.txt", "do not delete\n", in: foreign)
        let error = await #expect(throws: CulpritError.self) { try await repo.worktree(at: foreign) }
        #expect(error?.code == .badInput)
        #expect(f.read("precious.txt", in: foreign) == "do not delete\n")

        let main = await #expect(throws: CulpritError.self) { try await repo.worktree(at: f.path) }
        #expect(main?.code == .badInput)

        let other = try await GitRepository()
        try await other.commit("x", ["x": "1\n"])
        let otherRepo = try await Repository(path: other.path)
        let crossed = await #expect(throws: CulpritError.self) { try await otherRepo.worktree(at: wt.path) }
        #expect(crossed?.code == .badInput)
    }

    @Test func recoversAStaleLockAndAHalfDoneCheckout() async throws {
        let (f, repo, h) = try await setUp()
        let wt = try await repo.worktree(at: f.root + "/jobs/1")
        try await wt.checkout(h[0])
        // What a run killed in the middle of a checkout leaves: a lock nobody holds, a corrupt
        // index, and files of the half-written new tree.
        try "garbage".write(toFile: wt.gitDirectory + "/index.lock", atomically: false, encoding: .utf8)
        try "not an index".write(toFile: wt.gitDirectory + "/index", atomically: false, encoding: .utf8)
        try f.write("src/a.c", "tw", in: wt.path)
        try f.write("new.txt", "new\n", in: wt.path)
        try await wt.checkout(h[1])
        #expect(!FileManager.default.fileExists(atPath: wt.gitDirectory + "/index.lock"))
        #expect(f.read("src/a.c", in: wt.path) == "two\n")
        #expect(f.read("old.txt", in: wt.path) == nil)
        #expect(try await f.git(["status", "--porcelain", "--untracked-files=all"], in: wt.path) == "")
        try await wt.checkout(h[0])
        #expect(f.read("old.txt", in: wt.path) == "old\n")
    }

    @Test func aLockHeldByALiveProcessIsAClearError() async throws {
        let (f, repo, h) = try await setUp()
        let wt = try await repo.worktree(at: f.root + "/jobs/1")
        try await wt.checkout(h[0])
        let lock = wt.gitDirectory + "/index.lock"
        let ready = f.root + "/ready"
        // A process that holds the lock open, as git does while it writes the index.
        let holder = Task {
            try await ProcessRunner.run(
                "/bin/sh", ["-c", "exec 3>\"$1\"; touch \"$2\"; sleep 60", "sh", lock, ready], timeout: .seconds(60))
        }
        defer { holder.cancel() }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: ready) {
            try await Task.sleep(for: .milliseconds(25))
        }
        let error = await #expect(throws: CulpritError.self) { try await wt.checkout(h[1]) }
        #expect(error?.message.contains("is held by process") == true)
        #expect(FileManager.default.fileExists(atPath: lock))
        #expect(f.read("src/a.c", in: wt.path) == "one\n")
        holder.cancel()
        _ = try? await holder.value
        try await wt.checkout(h[1])
        #expect(f.read("src/a.c", in: wt.path) == "two\n")
    }

    @Test func recreatesAWorktreeWhoseRegistrationWasLost() async throws {
        let (f, repo, h) = try await setUp()
        let wt = try await repo.worktree(at: f.root + "/jobs/1")
        try await wt.checkout(h[1])
        // Killed during `worktree add`, or the admin directory removed: the link dangles.
        try FileManager.default.removeItem(atPath: wt.gitDirectory)
        let again = try await repo.worktree(at: f.root + "/jobs/1")
        try await again.checkout(h[0])
        #expect(f.read("src/a.c", in: again.path) == "one\n")
        #expect(try await f.git(["worktree", "list", "--porcelain"]).contains(again.path))
    }

    @Test func removesJobWorktreesOnly() async throws {
        let (f, repo, h) = try await setUp()
        let wt = try await repo.worktree(at: f.root + "/jobs/1")
        try await wt.checkout(h[1])
        try f.write("build/out.o", "x", in: wt.path)
        try await repo.removeWorktree(at: wt.path)
        #expect(!FileManager.default.fileExists(atPath: wt.path))
        #expect(!(try await f.git(["worktree", "list"]).contains("jobs/1")))
        try await repo.removeWorktree(at: wt.path)  // already gone: nothing to do
        let foreign = f.root + "/foreign"
        try f.write("keep.txt", "mine", in: foreign)
        await #expect(throws: CulpritError.self) { try await repo.removeWorktree(at: foreign) }
        await #expect(throws: CulpritError.self) { try await repo.removeWorktree(at: f.path) }
        #expect(f.read("keep.txt", in: foreign) == "mine")
        #expect(f.read("src/a.c") == "two\n")
    }

    @Test func unknownRevisionIsBadInput() async throws {
        let (f, repo, _) = try await setUp()
        let wt = try await repo.worktree(at: f.root + "/jobs/1")
        let error = await #expect(throws: CulpritError.self) { try await wt.checkout("v0.0-nothing") }
        #expect(error?.code == .badInput)
    }
}
