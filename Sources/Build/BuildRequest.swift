/// What a ``Builder`` is asked to build.
public struct BuildRequest: Sendable, Hashable {
    /// Full commit hash being built.
    public var commit: String
    /// Absolute path of the job's worktree, with `commit` checked out and clean.
    public var worktree: String
    /// Absolute path of a directory owned by this build (created by the caller, kept with the
    /// job): the artifact and the build log go here.
    public var outputDirectory: String

    public init(commit: String, worktree: String, outputDirectory: String) {
        self.commit = commit
        self.worktree = worktree
        self.outputDirectory = outputDirectory
    }
}
