import Foundation
import Model
import Support

/// A work tree dedicated to one job, separate from the user's checkout.
///
/// Made by ``Repository/worktree(at:keeping:)``. ``checkout(_:)`` always leaves exactly the
/// requested commit on disk: tracked files reset, untracked and ignored files removed, except
/// the top-level build directories named in `keep`.
public struct Worktree: Sendable {
    /// Absolute path of the work tree.
    public let path: String
    /// Its private git directory (`<common>/worktrees/<name>`), where its index and HEAD live.
    public let gitDirectory: String
    /// Top-level directories `checkout` keeps (e.g. an out-of-tree build directory).
    public var keep: [String]

    let git: Git

    init(path: String, gitDirectory: String, keep: [String]) {
        self.path = path
        self.gitDirectory = gitDirectory
        self.keep = keep
        self.git = Git(directory: path)
    }

    /// Checks out `commit` detached; afterwards the tree is exactly that commit (untracked and
    /// ignored files removed except the directories in `keep`), recovering from a stale lock or
    /// a half-done checkout left by a killed run.
    ///
    /// - Throws: `CulpritError.badInput` for an unknown revision; `.infrastructure` when a live
    ///   git process holds the work tree's lock, or git fails.
    public func checkout(_ commit: String) async throws {
        try await checkout(commit, keeping: keep)
    }

    /// Like ``checkout(_:)`` with an explicit list of top-level directories to keep.
    public func checkout(_ commit: String, keeping: [String]) async throws {
        let hash = try await resolve(commit)
        let recovered = try removeStaleLocks()
        if recovered {
            // A run was killed in the middle: the index may describe a tree that is not on disk.
            try? FileManager.default.removeItem(atPath: gitDirectory + "/index")
        }
        var result = try await git.run(["checkout", "--force", "--detach", "--no-recurse-submodules", "--quiet", hash])
        if !result.succeeded {
            // A corrupt or half-written index: rebuild it from the commit.
            try removeStaleLocks()
            try? FileManager.default.removeItem(atPath: gitDirectory + "/index")
            result = try await git.run(["reset", "--hard", "--quiet", "--no-recurse-submodules", hash])
            guard result.succeeded else { throw git.failure(result) }
        }
        if recovered {
            _ = try await git.output(["reset", "--hard", "--quiet", hash])
        }
        var clean = ["clean", "-ffdxq"]
        for directory in keeping {
            let name = directory.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard !name.isEmpty, !name.contains(".."), !name.hasPrefix("-") else {
                throw CulpritError.badInput("'\(directory)' cannot be kept in the work tree: give a directory name.")
            }
            clean += ["-e", "/" + name + "/"]
        }
        _ = try await git.output(clean)
        let head = try await git.text(["rev-parse", "--verify", "HEAD"])
        guard head == hash else {
            throw CulpritError.infrastructure(
                "checkout of \(hash) in \(path) left HEAD at \(head); remove \(path) and retry.")
        }
    }

    /// The commit checked out now, nil when none is (a fresh work tree).
    public func head() async throws -> String? {
        let result = try await git.run(["rev-parse", "--verify", "--quiet", "HEAD"])
        let text = result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.succeeded && !text.isEmpty ? text : nil
    }

    /// Resolves `revision` to a commit hash in the work tree's repository.
    func resolve(_ revision: String) async throws -> String {
        let result = try await git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        let hash = result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
        // `--verify --quiet` says "unknown" with status 1; anything else is git failing here.
        if !result.succeeded && result.status != .exited(1) {
            throw CulpritError.infrastructure(
                "git cannot work in the job's work tree \(path) (\(result.tail(2).trimmingCharacters(in: .whitespacesAndNewlines))); "
                    + "its registration under .git/worktrees may have been removed: run the same command again "
                    + "to re-create it (recorded results are kept).")
        }
        guard !revision.hasPrefix("-"), result.succeeded, !hash.isEmpty else {
            throw CulpritError.badInput("unknown revision '\(revision)': check the name with `git log -1 \(revision)`.")
        }
        return hash
    }

    /// Removes `index.lock` and `HEAD.lock` when no live process holds them; returns whether any
    /// was removed.
    ///
    /// - Throws: `CulpritError.infrastructure` naming the process when one holds a lock.
    @discardableResult
    func removeStaleLocks() throws -> Bool {
        var removed = false
        for name in ["index.lock", "HEAD.lock"] {
            let lock = gitDirectory + "/" + name
            guard FileManager.default.fileExists(atPath: lock) else { continue }
            if let holder = LockInspector.holder(of: lock, workTree: path) {
                let who = holder.pid > 0 ? "process \(holder.pid) (\(holder.command))" : "a recent git process"
                throw CulpritError.infrastructure(
                    "\(lock) is held by \(who): another git command is working in \(path). "
                        + "Wait for it to finish, or stop it" + (holder.pid > 0 ? " (kill \(holder.pid))" : "")
                        + ", then retry; do not run two jobs in one work tree.")
            }
            do {
                try FileManager.default.removeItem(atPath: lock)
                removed = true
            } catch {
                throw CulpritError.infrastructure("cannot remove the stale lock \(lock): \(error). Remove it by hand.")
            }
        }
        return removed
    }
}
