import Foundation
import Model
import Support
import TestSupport
import Testing

@testable import VCS

@Suite struct GraphTests {
    @Test func linearRange() async throws {
        let f = try await GitRepository()
        let h = try await f.chain(10)
        let repo = try await Repository(path: f.path)
        let g = try await repo.graph(bad: h[9], good: [h[3]])
        #expect(g.commits == Array(h[4...9]))
        #expect(g.parents[h[4]] == [h[3]])
        #expect(g.boundary == [h[3]])
        #expect(g.titles[h[9]] == "change 9")
        #expect(try await repo.graph(bad: h[3], good: [h[3]]).commits.isEmpty)
        let bare = try await repo.graph(bad: h[9], good: [h[3]], titles: false)
        #expect(bare.commits == g.commits)
        #expect(bare.parents == g.parents)
        #expect(bare.titles.isEmpty)
    }

    @Test func emptyAndOddSubjectsParse() async throws {
        let f = try await GitRepository()
        let base = try await f.commit("base")
        try await f.git(["commit", "-q", "--allow-empty", "--allow-empty-message", "-m", ""])
        let empty = try await f.git(["rev-parse", "HEAD"])
        let odd = try await f.commit("tab\there  and ünïcode \u{7f}")
        let repo = try await Repository(path: f.path)
        let g = try await repo.graph(bad: odd, good: [base])
        #expect(g.commits == [empty, odd])
        #expect(g.titles[empty] == "")
        #expect(g.titles[odd] == "tab\there  and ünïcode \u{7f}")
        #expect(g.parents[odd] == [empty])
    }

    @Test func commitGraphFileCanBeWritten() async throws {
        let f = try await GitRepository()
        let h = try await f.chain(3)
        let repo = try await Repository(path: f.path)
        #expect(!repo.hasCommitGraph)
        try await repo.writeCommitGraph()
        #expect(repo.hasCommitGraph)
        #expect(try await repo.isAncestor(h[0], of: h[2]))
    }

    @Test func mergesKeepParentsBeforeChildrenAndBoundaryEdges() async throws {
        let f = try await GitRepository()
        let base = try await f.commit("base", ["a": "0\n"])
        try await f.git(["checkout", "-q", "-b", "topic"])
        let t1 = try await f.commit("topic 1", ["t": "1\n"])
        let t2 = try await f.commit("topic 2", ["t": "2\n"])
        try await f.git(["checkout", "-q", "main"])
        let m1 = try await f.commit("main 1", ["a": "1\n"])
        try await f.git(["merge", "-q", "--no-ff", "-m", "Merge topic", "topic"])
        let merge = try await f.git(["rev-parse", "HEAD"])
        let after = try await f.commit("after", ["a": "2\n"])
        let repo = try await Repository(path: f.path)

        let g = try await repo.graph(bad: after, good: [base])
        #expect(Set(g.commits) == [t1, t2, m1, merge, after])
        #expect(g.parents[merge] == [m1, t2])
        #expect(g.boundary == [base])
        let position = Dictionary(uniqueKeysWithValues: g.commits.enumerated().map { ($1, $0) })
        for commit in g.commits {
            for parent in g.parents[commit] ?? [] where position[parent] != nil {
                #expect(position[parent]! < position[commit]!)
            }
        }
        // Two good revisions: the topic branch is known good too.
        let g2 = try await repo.graph(bad: "HEAD", good: [m1, t2])
        #expect(Set(g2.commits) == [merge, after])
        #expect(g2.boundary == [m1, t2])
        #expect(g2.titles[merge] == "Merge topic")
    }

    @Test func unknownRevisionIsBadInput() async throws {
        let f = try await GitRepository()
        _ = try await f.chain(2)
        let repo = try await Repository(path: f.path)
        let error = await #expect(throws: CulpritError.self) { try await repo.graph(bad: "HEAD", good: ["v9.9"]) }
        #expect(error?.code == .badInput)
    }

    @Test func shallowCloneLackingHistoryIsBadInput() async throws {
        let f = try await GitRepository()
        let h = try await f.chain(6)
        let clone = f.root + "/shallow"
        try await f.git(["clone", "-q", "--depth", "2", "file://" + f.path, clone], in: f.root)
        let repo = try await Repository(path: clone)
        #expect(repo.isShallow)
        // Inside the fetched depth: fine.
        #expect(try await repo.graph(bad: h[5], good: [h[4]]).commits == [h[5]])
        // Good is beyond the shallow edge: git does not even have it.
        let unknown = await #expect(throws: CulpritError.self) { try await repo.graph(bad: h[5], good: [h[1]]) }
        #expect(unknown?.message.contains("shallow") == true)
        // Good is the commit at the edge; a range reaching past it cannot be answered.
        let error = await #expect(throws: CulpritError.self) { try await repo.graph(bad: h[5], good: []) }
        #expect(error?.code == .badInput)
        #expect(error?.message.contains("fetch --unshallow") == true)
        // The edge commit has no parents in the clone: its metadata would lie, so it is an error.
        let edge = await #expect(throws: CulpritError.self) { try await repo.commit(h[4]) }
        #expect(edge?.message.contains("shallow") == true)
        #expect(try await repo.commit(h[5]).parents == [h[4]])
        let releases = await #expect(throws: CulpritError.self) { try await repo.releases(before: h[5]) }
        #expect(releases?.code == .badInput)
    }
}
