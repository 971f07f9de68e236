import Bisect
import Build
import Foundation
import JobConfig
import Model
import VCS

/// The kernel build tree that a repository's kernel jobs share (`<common git dir>/culprit/kernel`:
/// the builder's checkout, `O=` objects, configuration and the initramfs), kept between jobs so a
/// later job rebuilds only what changed. `culprit jobs` shows its size; `--prune --all` removes it.
public struct SharedKernelTree: Sendable {
    /// Where the tree is, below git's common directory of a repository.
    static let location = "/culprit/kernel"

    public let path: String
    /// Bytes on disk.
    public let diskUse: Int64

    /// The tree of the repository at `repository`, nil when it has none (no kernel job ran there).
    public static func of(repository: String) async -> SharedKernelTree? {
        guard let repo = try? await Repository(path: repository) else { return nil }
        let path = repo.gitDirectory + location
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return SharedKernelTree(path: path, diskUse: LocalJob.diskUsage(path))
    }

    /// Removes the tree's contents unless a build holds its lock now (then nil: nothing removed).
    /// The build root's lock file stays, so a job that starts meanwhile and the next one still
    /// exclude each other.
    /// - Returns: the bytes freed.
    public func prune() throws -> Int64? {
        let buildRoot = path + "/build"
        let fm = FileManager.default
        let lock = BuildRootLock.tryAcquire(buildRoot)
        if lock == nil && fm.fileExists(atPath: buildRoot + "/lock") { return nil }
        defer { withExtendedLifetime(lock) {} }
        for name in (try? fm.contentsOfDirectory(atPath: path)) ?? [] where name != "build" {
            try fm.removeItem(atPath: path + "/" + name)
        }
        for name in (try? fm.contentsOfDirectory(atPath: buildRoot)) ?? [] where name != "lock" {
            try fm.removeItem(atPath: buildRoot + "/" + name)
        }
        return diskUse - LocalJob.diskUsage(path)
    }
}
