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
        try await graph(bad: bad, good: good, titles: true)
    }

    /// Like ``graph(bad:good:)``; with `titles: false` git reads no commit messages, which
    /// makes ranges of 100k commits several times faster (`titles` stays empty).
    public func graph(bad: String, good: [String], titles: Bool) async throws -> CommitGraph {
        let badHash = try await resolve(bad)
        var goodHashes: [String] = []
        for revision in good { goodHashes.append(try await resolve(revision)) }
        let format = titles ? "--format=%H %P%x00%s" : "--format=%H %P%x00"
        let arguments = ["log", "--no-color", "--topo-order", "--reverse", "-z", format, badHash, "--not"] + goodHashes
        let output = try await git.output(arguments + ["--"])
        let graph = Repository.parseGraph(output, titles: titles)
        if isShallow {
            let edge = shallowBoundary()
            if graph.commits.contains(where: edge.contains) {
                throw shallowError("between \(good.joined(separator: ", ")) and \(bad)")
            }
        }
        return graph
    }

    /// Parses records `hash parent... NUL subject NUL`.
    static func parseGraph(_ output: [UInt8], titles: Bool) -> CommitGraph {
        var graph = CommitGraph()
        let space = UInt8(ascii: " ")
        output.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            var records = 0
            for byte in buffer where byte == 0 { records += 1 }
            records /= 2
            graph.commits.reserveCapacity(records)
            graph.parents.reserveCapacity(records)
            if titles { graph.titles.reserveCapacity(records) }
            var i = 0
            while i < n {
                var end = i
                while end < n, buffer[end] != 0 { end += 1 }
                var ids: [String] = []
                var start = i
                for j in i...end where j == end || buffer[j] == space {
                    if j > start {
                        ids.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<j]), as: UTF8.self))
                    }
                    start = j + 1
                }
                var subjectEnd = end + 1
                while subjectEnd < n, buffer[subjectEnd] != 0 { subjectEnd += 1 }
                if let hash = ids.first {
                    graph.commits.append(hash)
                    graph.parents[hash] = Array(ids.dropFirst())
                    if titles {
                        let subject = buffer[min(end + 1, n)..<min(subjectEnd, n)]
                        graph.titles[hash] = String(decoding: UnsafeBufferPointer(rebasing: subject), as: UTF8.self)
                    }
                }
                i = subjectEnd + 1
            }
        }
        return graph
    }
}
