/// The part of the history between good and bad revisions, for a DAG-aware bisection.
public struct CommitGraph: Sendable, Hashable {
    /// Commits reachable from bad but not from any good one, parents before children.
    public var commits: [String]
    /// The parents of every commit in `commits`, first parent first; parents outside the range
    /// (the boundary: good commits and their ancestors) are kept.
    public var parents: [String: [String]]
    /// The subject line of every commit in `commits`.
    public var titles: [String: String]

    public init(commits: [String] = [], parents: [String: [String]] = [:], titles: [String: String] = [:]) {
        self.commits = commits
        self.parents = parents
        self.titles = titles
    }

    /// The number of commits in the range.
    public var count: Int { commits.count }

    /// Parents of commits in the range that lie outside it (where the good side begins).
    public var boundary: Set<String> {
        let inside = Set(commits)
        return Set(parents.values.joined().filter { !inside.contains($0) })
    }
}
