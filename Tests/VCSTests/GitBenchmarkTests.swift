import Foundation
import Support
import TestSupport
import Testing

@testable import VCS

@Suite struct GitBenchmarkTests {
    /// The generator behind `culprit bench git`, at a small size: the history it makes has the
    /// commits, merges, releases and MAINTAINERS the benchmark relies on.
    @Test func generatedHistoryHasMergesReleasesAndMaintainers() async throws {
        let f = try await GitRepository(bare: true)
        var shape = GitBenchmark.Shape(commits: 600)
        shape.topDirectories = 2
        shape.subDirectories = 2
        shape.filesPerDirectory = 10
        let stream = f.root + "/history.fi"
        let count = try GitBenchmark.writeStream(shape, to: stream)
        #expect(count == 600)
        try await GitBenchmark.importStream(stream, into: f.path)
        let repo = try await Repository(path: f.path)
        #expect(try await f.git(["rev-list", "--all", "--count"]) == "600")

        let releases = try await repo.releases(before: "main")
        #expect(releases.count >= 4)
        #expect(releases.map(\.name) == releases.sorted(by: >).map(\.name))
        let all = try await repo.releaseTags()
        #expect(all.contains { $0.isReleaseCandidate })
        #expect(all.contains { $0.isStable })
        #expect(!(try await repo.isAncestor(all.first { $0.isStable }!.commit, of: "main")))

        // Merges carry their topic's changes (fast-import does not merge trees by itself).
        let merge = try await f.git(["rev-list", "--merges", "-1", "main"])
        let mergeCommit = try await repo.commit(merge)
        #expect(mergeCommit.isMerge)
        #expect(mergeCommit.files.count == shape.topicLength)
        for file in mergeCommit.files {
            #expect(try await f.git(["rev-parse", "\(merge):\(file)"]) == f.git(["rev-parse", "\(merge)^2:\(file)"]))
        }

        let topicTip = try await repo.resolve(merge + "^2")
        let graph = try await repo.graph(bad: merge, good: [merge + "^1"])
        #expect(graph.count == shape.topicLength + 1)
        #expect(graph.commits.last == merge)
        #expect(graph.commits.contains(topicTip))

        let recipients = try await repo.recipients(for: topicTip)
        #expect(recipients.to.contains { $0.email.hasPrefix("owner") })
        #expect(recipients.cc.contains { $0.email.hasPrefix("helper") })
        #expect(recipients.cc.contains { $0.email == "all@example.org" })
        #expect(!recipients.all.contains { $0.email.hasPrefix("filler") || $0.email == "chief@example.org" })
    }
}
