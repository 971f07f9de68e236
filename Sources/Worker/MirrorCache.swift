import Store
import Foundation
import Model
import Support

/// A worker's own bare mirrors of the repositories its jobs name, under `DIR/mirrors`: cloned
/// the first time, fetched before each job so that the job's revisions are there.
public actor MirrorCache {
    public let directory: String
    private var busy: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    public init(directory: String) {
        self.directory = directory
    }

    /// A local bare mirror of `source` (URL or path), up to date.
    public func mirror(of source: String) async throws -> String {
        let name = String(Digest.sha256Hex(source).prefix(16))
        let path = directory + "/mirrors/" + name + ".git"
        await acquire(path)
        defer { release(path) }
        let fm = FileManager.default
        if fm.fileExists(atPath: path + "/HEAD") {
            let fetch = try await ProcessRunner.run(
                "git", ["-C", path, "fetch", "--quiet", "--prune", "--tags", "origin"],
                environment: ["GIT_TERMINAL_PROMPT": "0"], timeout: .seconds(1800))
            guard fetch.succeeded else {
                throw CulpritError.infrastructure("git fetch of \(source) into \(path) failed: \(fetch.tail(5))")
            }
        } else {
            try? fm.createDirectory(atPath: directory + "/mirrors", withIntermediateDirectories: true)
            let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
            try? fm.removeItem(atPath: temporary)
            let clone = try await ProcessRunner.run(
                "git", ["clone", "--quiet", "--mirror", source, temporary],
                environment: ["GIT_TERMINAL_PROMPT": "0"], timeout: .seconds(3600))
            guard clone.succeeded else {
                try? fm.removeItem(atPath: temporary)
                throw CulpritError.badInput("cannot clone \(source): \(clone.tail(5))")
            }
            try fm.moveItem(atPath: temporary, toPath: path)
        }
        return path
    }

    /// Removes worktree records of deleted job directories.
    public func prune(_ mirror: String) async {
        _ = try? await ProcessRunner.run("git", ["-C", mirror, "worktree", "prune"], timeout: .seconds(60))
    }

    private func acquire(_ path: String) async {
        while busy.contains(path) {
            await withCheckedContinuation { waiters[path, default: []].append($0) }
        }
        busy.insert(path)
    }

    private func release(_ path: String) {
        busy.remove(path)
        if var queue = waiters[path], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[path] = queue.isEmpty ? nil : queue
            next.resume()
        }
    }
}
