import Model

/// Turns a revision checked out in a worktree into something a ``Tester`` can run.
///
/// Implementations: `CommandBuilder` (any project: a shell command run in the worktree) and
/// `KernelBuilder` (Linux: config, olddefconfig, bzImage). The bisection engine only sees
/// this protocol, so it is tested without compilers and the backends without the engine.
public protocol Builder: Sendable {
    /// A short description of the tool chain for the log, e.g. `gcc (Debian 12.2.0-14) 12.2.0`;
    /// empty when the builder does not know which compiler builds (a user's build command).
    func describe(_ request: BuildRequest) async -> String

    /// Builds `request.commit`, already checked out (clean) in `request.worktree`.
    ///
    /// A build that fails because of the source (compile error, link error) is a normal result
    /// (`BuildResult.status == .failed`); throw only when the build cannot be attempted at all
    /// (missing compiler, disk full), as a `CulpritError` with code `.infrastructure`.
    func build(_ request: BuildRequest) async throws -> BuildResult
}
