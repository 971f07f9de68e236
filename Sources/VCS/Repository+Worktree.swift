import Foundation
import Model
import Support

extension Repository {
    /// A dedicated work tree for a job at `path`: created (detached, nothing checked out yet)
    /// when missing, reused when it is already one of this repository's work trees, and
    /// re-created when a killed run left it half made. The user's own checkout is never touched.
    ///
    /// - Parameters:
    ///   - path: where the work tree lives; must not be inside another checkout's files.
    ///   - keeping: top-level build directories ``Worktree/checkout(_:)`` keeps.
    /// - Throws: `CulpritError.badInput` when `path` holds something that is not a work tree of
    ///   this repository.
    public func worktree(at path: String, keeping: [String] = []) async throws -> Worktree {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let fm = FileManager.default
        guard absolute != self.path, absolute != gitDirectory else {
            throw CulpritError.badInput(
                "the job's work tree cannot be the repository itself (\(absolute)): choose another path.")
        }
        // Registrations whose directory is gone.
        _ = try await git.output(["worktree", "prune"])
        if fm.fileExists(atPath: absolute) {
            if let existing = try await existingWorktree(absolute, keeping: keeping) { return existing }
            let contents = (try? fm.contentsOfDirectory(atPath: absolute)) ?? []
            if ownsLeftover(absolute) {
                // Our own work tree whose registration was lost (killed during `worktree add`).
                try fm.removeItem(atPath: absolute)
                _ = try await git.output(["worktree", "prune"])
            } else if !contents.isEmpty {
                throw CulpritError.badInput(
                    "\(absolute) exists and is not a work tree of \(self.path): remove it or choose another "
                        + "work-tree directory.")
            }
        }
        try fm.createDirectory(
            atPath: URL(fileURLWithPath: absolute).deletingLastPathComponent().path, withIntermediateDirectories: true)
        let head = try await resolve("HEAD")
        let result = try await git.run(["worktree", "add", "--force", "--detach", "--no-checkout", absolute, head])
        guard result.succeeded else { throw git.failure(result) }
        guard let made = try await existingWorktree(absolute, keeping: keeping) else {
            throw CulpritError.infrastructure("git made no usable work tree at \(absolute); remove it and retry.")
        }
        return made
    }

    /// Removes the job work tree at `path` (files and registration); nothing when it is absent.
    ///
    /// - Throws: `CulpritError.badInput` when `path` is not a job work tree of this repository.
    public func removeWorktree(at path: String) async throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        _ = try await git.output(["worktree", "prune"])
        guard FileManager.default.fileExists(atPath: absolute) else { return }
        guard try await existingWorktree(absolute, keeping: []) != nil || ownsLeftover(absolute) else {
            throw CulpritError.badInput("\(absolute) is not a work tree of \(self.path); it was left alone.")
        }
        let result = try await git.run(["worktree", "remove", "--force", "--force", absolute])
        if !result.succeeded {
            try FileManager.default.removeItem(atPath: absolute)
            _ = try await git.output(["worktree", "prune"])
        }
    }

    /// The work tree at `path` when it is a healthy work tree of this repository.
    private func existingWorktree(_ path: String, keeping: [String]) async throws -> Worktree? {
        guard FileManager.default.fileExists(atPath: path + "/.git") else { return nil }
        let probe = Git(directory: path)
        let result = try await probe.run([
            "rev-parse", "--path-format=absolute", "--show-toplevel", "--git-dir", "--git-common-dir",
        ])
        let lines = result.outputText.split(separator: "\n").map(String.init)
        guard result.succeeded, lines.count == 3 else { return nil }
        let top = URL(fileURLWithPath: lines[0]).resolvingSymlinksInPath().path
        let common = URL(fileURLWithPath: lines[2]).resolvingSymlinksInPath().path
        guard top == URL(fileURLWithPath: path).resolvingSymlinksInPath().path,
            common == URL(fileURLWithPath: gitDirectory).resolvingSymlinksInPath().path
        else {
            if top == URL(fileURLWithPath: path).resolvingSymlinksInPath().path {
                throw CulpritError.badInput(
                    "\(path) is a checkout of another repository (\(common)): choose another work-tree directory.")
            }
            return nil
        }
        guard lines[1] != lines[2] else {
            throw CulpritError.badInput(
                "\(path) is the main checkout of \(self.path), not a job's work tree: choose another directory.")
        }
        return Worktree(path: path, gitDirectory: lines[1], keep: keeping)
    }

    /// True when `path/.git` is a work-tree link into this repository's `worktrees/` directory.
    private func ownsLeftover(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path + "/.git", encoding: .utf8), text.hasPrefix("gitdir:")
        else { return false }
        let target = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
        return target.hasPrefix(gitDirectory + "/worktrees/")
    }
}

extension Repository {
    /// Forgets work trees whose directories are gone (`git worktree prune`).
    public func pruneWorktrees() async throws {
        _ = try await git.output(["worktree", "prune"])
    }
}
