import Support

extension Repository {
    /// The commits reachable from `bad` but not from any of `good` (`git rev-list bad ^good...`),
    /// parents before children, with their parents and titles.
    ///
    /// The cost is proportional to the size of the range, not to the whole history. Parents
    /// outside the range stay in `parents` so the caller sees the edges into the good side.
    ///
    /// - Throws: `CulpritError.badInput` for unknown revisions, or when the range runs into the
    ///   edge of a shallow clone.
    public func graph(bad: String, good: [String]) async throws -> CommitGraph {
        let badHash = try await resolve(bad)
        var goodHashes: [String] = []
        for revision in good { goodHashes.append(try await resolve(revision)) }
        let arguments =
            ["log", "--no-color", "--topo-order", "--reverse", "-z", "--format=%H %P%x00%s", badHash, "--not"]
            + goodHashes + ["--"]
        let fields = try await git.output(arguments).nulFields()
        var graph = CommitGraph()
        graph.commits.reserveCapacity(fields.count / 2)
        var index = 0
        while index + 1 < fields.count {
            let ids = fields[index].split(separator: " ").map(String.init)
            index += 2
            guard let hash = ids.first else { continue }
            graph.commits.append(hash)
            graph.parents[hash] = Array(ids.dropFirst())
            graph.titles[hash] = fields[index - 1]
        }
        if isShallow {
            let edge = shallowBoundary()
            if graph.commits.contains(where: edge.contains) {
                throw shallowError("between \(good.joined(separator: ", ")) and \(bad)")
            }
        }
        return graph
    }
}
