import Foundation
import Model
import Support

/// ``KernelBuilder``'s own checkout of the revision being built: a detached worktree of the
/// request's repository at `<root>/src`, moved from commit to commit with `git checkout`, which
/// rewrites only the files that differ. Its fixed path keeps the kernel's `O=` directory valid
/// across jobs (make's recorded commands name the source path).
struct KernelSourceTree {
    let root: String
    var path: String { root + "/src" }

    /// Checks out `commit` (present in the repository of `worktree`) and returns the tree's path.
    func checkout(_ commit: String, from worktree: String) async throws -> String {
        let common = try await git(worktree, ["rev-parse", "--path-format=absolute", "--git-common-dir"])
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: path + "/.git") {
            let mine = try? await git(path, ["rev-parse", "--path-format=absolute", "--git-common-dir"])
            if mine != common {
                // Another repository's checkout: start over.
                try? fileManager.removeItem(atPath: path)
            }
        } else if fileManager.fileExists(atPath: path) {
            try? fileManager.removeItem(atPath: path)
        }
        if !fileManager.fileExists(atPath: path) {
            _ = try await git(common, ["worktree", "prune"])
            _ = try await git(common, ["worktree", "add", "-f", "--detach", path, commit])
        } else {
            _ = try await git(path, ["checkout", "-q", "-f", "--detach", commit])
            _ = try await git(path, ["clean", "-q", "-ffdx"])
        }
        return path
    }

    @discardableResult
    private func git(_ directory: String, _ arguments: [String]) async throws -> String {
        let result = try await ProcessRunner.run(
            "git", ["-C", directory] + arguments, mergeStandardError: true, timeout: .seconds(1800))
        guard result.succeeded else {
            throw CulpritError.infrastructure(
                "git \(arguments.prefix(3).joined(separator: " ")) in \(directory) failed: \(result.tail(5))")
        }
        return result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
