import Model

/// Runs the reproducer against a built revision, N times.
///
/// Implementations: `CommandTester` (any project: a shell command run in the worktree) and
/// `QemuTester` (Linux: N VMs booting the built kernel). Each run's console output goes
/// through `CrashReport` to name the crash.
public protocol Tester: Sendable {
    /// Runs the reproducer `request.runs.count` times (in parallel where the tester allows)
    /// and returns one result per run index, in index order.
    ///
    /// Throw only when testing cannot be attempted at all (QEMU missing); a run that could not
    /// start is a `RunOutcome.infrastructureFailure` result.
    func test(_ request: TestRequest) async throws -> [RunResult]
}
