import Model

/// Runs the reproducer against a built revision, N times.
///
/// Implementations: `CommandTester` (any project: a shell command run in the worktree) and
/// `QemuTester` (Linux: N VMs booting the built kernel). Each run's console output goes
/// through `CrashReport` to name the crash.
public protocol Tester: Sendable {
    /// Runs the reproducer `request.runs.count` times (in parallel where the tester allows),
    /// calls `onRun` with each run's result as soon as that run ends (the caller records it then,
    /// so that a kill loses no finished run), and returns one result per run index, in index order.
    ///
    /// Throw only when testing cannot be attempted at all (QEMU missing), or when `onRun` throws;
    /// a run that could not start is a `RunOutcome.infrastructureFailure` result.
    func test(_ request: TestRequest, onRun: @escaping @Sendable (RunResult) throws -> Void) async throws
        -> [RunResult]
}

extension Tester {
    /// Runs the reproducer without following the runs as they end.
    public func test(_ request: TestRequest) async throws -> [RunResult] {
        try await test(request) { _ in }
    }
}
