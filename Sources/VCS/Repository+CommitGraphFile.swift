import Foundation

extension Repository {
    /// Whether the repository has a commit-graph file. Without one, ancestry questions far back
    /// in a big history (`isAncestor`, `releases(before:)`) walk every commit: seconds instead
    /// of milliseconds on 200k commits (see `culprit bench git`).
    public var hasCommitGraph: Bool {
        let info = gitDirectory + "/objects/info"
        return FileManager.default.fileExists(atPath: info + "/commit-graph")
            || FileManager.default.fileExists(atPath: info + "/commit-graphs/commit-graph-chain")
    }

    /// Writes git's commit-graph file for every reachable commit, as `git maintenance` and
    /// `git gc` do; it changes no history and only speeds up later queries.
    public func writeCommitGraph() async throws {
        _ = try await git.output(["commit-graph", "write", "--reachable"])
    }
}
