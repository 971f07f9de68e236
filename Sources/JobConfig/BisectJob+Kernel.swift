import Foundation
import VCS

extension BisectJob {
    /// Where a kernel job keeps its build root and initramfs: `<common git dir>/culprit/kernel`,
    /// shared by the jobs of a repository (a fix bisection reuses the cause bisection's objects;
    /// ``BuildRootLock`` keeps their builds apart). git says where the common directory is, so a
    /// linked worktree or a submodule puts it in the repository's git data, never in a checkout.
    func kernelRoot() async throws -> String {
        let repository = try await Repository(path: Self.absolute(self.repository ?? "."))
        return repository.gitDirectory + "/culprit/kernel"
    }
}
