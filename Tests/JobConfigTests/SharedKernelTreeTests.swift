import Build
import Foundation
import JobConfig
import KernelBackend
import Support
import Testing

/// The kernel build tree a repository's kernel jobs share: found under the git directory, sized,
/// and removed only when no build holds its lock.
struct SharedKernelTreeTests {
    @Test func foundSizedAndPrunedOnlyWhenNoBuildHoldsIt() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-ktree-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repo = root + "/repo"
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        let initialized = try await ProcessRunner.run("/usr/bin/git", ["init", "-q", repo], timeout: .seconds(30))
        #expect(initialized.succeeded)
        #expect(await SharedKernelTree.of(repository: repo) == nil, "a repository without kernel jobs has no tree")

        let tree = repo + "/.git/culprit/kernel"
        try FileManager.default.createDirectory(atPath: tree + "/build/obj", withIntermediateDirectories: true)
        try Data(repeating: 7, count: 256 << 10).write(to: URL(fileURLWithPath: tree + "/build/obj/vmlinux"))
        try Data(repeating: 1, count: 64 << 10).write(to: URL(fileURLWithPath: tree + "/initramfs.cpio"))
        let found = try #require(await SharedKernelTree.of(repository: repo))
        #expect(found.path.hasSuffix("/.git/culprit/kernel"))
        #expect(found.diskUse >= 320 << 10)
        // A build holds the lock while the prune is tried; the lock ends with this function's frame.
        func pruneWhileABuildHoldsTheLock() async throws -> Int64? {
            let held = try await BuildRootLock.acquire(tree + "/build")
            defer { withExtendedLifetime(held) {} }
            return try found.prune()
        }
        #expect(try await pruneWhileABuildHoldsTheLock() == nil, "a tree whose build lock is held was pruned")
        #expect(FileManager.default.fileExists(atPath: tree + "/build/obj/vmlinux"))

        // Released: the prune goes through. (A child process that another test forks while the
        // lock is held shares its lock until it execs, so a try may come too early: a few tries.)
        var freed: Int64?
        for _ in 0..<50 where freed == nil {
            freed = try found.prune()
            if freed == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let pruned = try #require(freed, "an unused tree was not pruned within 5 s")
        #expect(pruned >= 320 << 10)
        #expect(!FileManager.default.fileExists(atPath: tree + "/build/obj"))
        #expect(!FileManager.default.fileExists(atPath: tree + "/initramfs.cpio"))
        #expect(FileManager.default.fileExists(atPath: tree + "/build/lock"), "the lock file must stay")
    }
}
