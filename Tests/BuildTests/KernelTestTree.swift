import Foundation
import Model
import Support
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel tree the kernel tests build: Culprit's end-to-end repository
/// (`scripts/kernel/make-repo`, cached in `CULPRIT_KERNEL_CACHE`, default
/// /var/tmp/culprit-kernel) and a directory of its own per test suite.
/// Unavailable (the tests show as skipped, with the reason) when the linux-source-6.1 tarball is not installed.
struct KernelTestTree {
    static let tarball =
        ProcessInfo.processInfo.environment["CULPRIT_KERNEL_TARBALL"]
        ?? "/usr/src/linux-source-6.1.tar.xz"
    static var available: Bool { FileManager.default.fileExists(atPath: tarball) }

    static var cache: String {
        ProcessInfo.processInfo.environment["CULPRIT_KERNEL_CACHE"] ?? "/var/tmp/culprit-kernel"
    }

    static var packageRoot: String {
        TestSupport.packageRoot
    }

    /// Runs `body` holding an exclusive lock on the cache (other test processes on this machine
    /// build in the same directories).
    static func locked<T>(_ body: () async throws -> T) async throws -> T {
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let fd = open(cache + "/tests.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CulpritError.infrastructure("cannot open \(cache)/tests.lock") }
        defer { close(fd) }
        _ = flock(fd, LOCK_EX)
        return try await body()
    }

    let repository: String
    let worktree: String
    let root: String
    let commits: [String: String]

    /// Makes (or reuses) the repository and a worktree named `name`.
    static func make(_ name: String) async throws -> KernelTestTree {
        let script = packageRoot + "/scripts/kernel/make-repo"
        let made = try await ProcessRunner.run(
            script, [cache], output: .capture(limit: 1 << 20), mergeStandardError: true, timeout: .seconds(1200))
        guard made.succeeded else { throw CulpritError.infrastructure("make-repo failed: \(made.tail(10))") }
        let env = try String(contentsOfFile: cache + "/commits.env", encoding: .utf8)
        var commits: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { commits[String(parts[0])] = String(parts[1]) }
        }
        let repository = cache + "/repo"
        // KernelBuilder builds from a checkout of its own; the requests name the repository.
        return KernelTestTree(
            repository: repository, worktree: repository, root: cache + "/test-" + name, commits: commits)
    }

    /// A directory owned by this suite, under the cache.
    func directory(_ name: String) -> String {
        let path = root + "/" + name
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The parent of `commit`.
    func parent(of commit: String) async throws -> String {
        let result = try await ProcessRunner.run("git", ["-C", repository, "rev-parse", commit + "^"])
        return result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func git(_ directory: String, _ arguments: [String]) async throws {
        let result = try await ProcessRunner.run(
            "git", ["-C", directory] + arguments, mergeStandardError: true, timeout: .seconds(600))
        guard result.succeeded else {
            throw CulpritError.infrastructure("git \(arguments.joined(separator: " ")) failed: \(result.tail(5))")
        }
    }
}
