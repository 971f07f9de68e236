import Foundation
import Model
import VCS

extension LocalJob {
    /// What a clean keeps: the journal (the job's results, resumable), its unreadable lines set
    /// aside, and the full log.
    static func isKept(_ name: String) -> Bool {
        name.hasPrefix("journal") || name == FullLog.name
    }

    /// Removes the job's work tree, build trees and run logs, keeping the journal and the log
    /// (`all`: the whole state directory), then prunes the repository's work-tree registrations.
    /// Returns the bytes freed.
    /// - Throws: `CulpritError.badInput` when the job is running.
    @discardableResult
    public func clean(all: Bool = false) async throws -> Int64 {
        guard state != .running, !Self.isLocked(directory) else {
            throw CulpritError.badInput(
                "the job in \(directory) is running: wait for it to end (or stop it) before cleaning it")
        }
        let before = diskUse
        let fm = FileManager.default
        var repository: Repository?
        if let path = identity?.repository { repository = try? await Repository(path: path) }
        try? await repository?.removeWorktree(at: directory + "/worktree")
        try? await repository?.removeWorktree(at: directory + "/" + BisectionSession.spareName)
        if all {
            try fm.removeItem(atPath: directory)
        } else {
            for name in try fm.contentsOfDirectory(atPath: directory) where !Self.isKept(name) {
                try fm.removeItem(atPath: directory + "/" + name)
            }
        }
        try? await repository?.pruneWorktrees()
        return before - (fm.fileExists(atPath: directory) ? Self.diskUsage(directory) : 0)
    }
}
