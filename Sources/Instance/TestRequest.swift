import Model

/// What a ``Tester`` is asked to run.
public struct TestRequest: Sendable, Hashable {
    /// Full commit hash under test.
    public var commit: String
    /// Absolute path of the job's worktree, with `commit` checked out.
    public var worktree: String
    /// What the build produced.
    public var artifact: Artifact
    /// Run indexes to perform, e.g. `0..<10`, or `10..<14` for extra runs on a revision.
    public var runs: Range<Int>
    /// Directory (created by the caller, kept with the job) for per-run console logs.
    public var logDirectory: String

    public init(commit: String, worktree: String, artifact: Artifact, runs: Range<Int>, logDirectory: String) {
        self.commit = commit
        self.worktree = worktree
        self.artifact = artifact
        self.runs = runs
        self.logDirectory = logDirectory
    }
}
