import Foundation
import Model
import VCS

/// ``KernelBuilder``'s own checkout of the revision being built: a detached worktree of the
/// request's repository at `<root>/src`, moved from commit to commit with `git checkout`, which
/// rewrites only the files that differ. Its fixed path keeps the kernel's `O=` directory valid
/// across jobs (make's recorded commands name the source path). git runs through `VCS`.
struct KernelSourceTree {
    let root: String
    var path: String { root + "/src" }

    /// Checks out `commit` (present in the repository of `worktree`) and returns the tree's path.
    func checkout(_ commit: String, from worktree: String) async throws -> String {
        let repository = try await Repository(path: worktree)
        let tree: Worktree
        do {
            tree = try await repository.worktree(at: path)
        } catch let error as CulpritError where error.code == .badInput {
            // Another repository's checkout, or leftovers: the root is Culprit's own, start over.
            try? FileManager.default.removeItem(atPath: path)
            tree = try await repository.worktree(at: path)
        }
        try await tree.checkout(commit)
        return path
    }
}
