import Foundation
import Support
import TestSupport
import Testing

@testable import VCS

@Suite struct ReleaseTagTests {
    @Test func parsesReleaseNames() throws {
        let v = try #require(ReleaseTag(name: "v5.2", commit: "c"))
        #expect((v.major, v.minor, v.patch, v.rc) == (5, 2, nil, nil))
        #expect(v.isMainline)
        let rc = try #require(ReleaseTag(name: "v6.1-rc3", commit: "c"))
        #expect((rc.major, rc.minor, rc.patch, rc.rc) == (6, 1, nil, 3))
        #expect(rc.isReleaseCandidate)
        let stable = try #require(ReleaseTag(name: "v4.19.12", commit: "c"))
        #expect((stable.major, stable.minor, stable.patch, stable.rc) == (4, 19, 12, nil))
        #expect(stable.isStable)
        for bad in [
            "5.2", "v5", "v5.2.1.3", "v5.2-rc", "v5.2-rc1x", "v5.2.1-rc1", "v5.x", "v5.2-tree", "v05.2", "v5..2",
            "vv5.2",
        ] {
            #expect(ReleaseTag(name: bad, commit: "c") == nil, "\(bad)")
        }
    }

    @Test func ordersByVersion() {
        let names = [
            "v4.20", "v4.19.1", "v4.19", "v4.19-rc8", "v4.19-rc1", "v4.9", "v5.0-rc1", "v4.19-rc10", "v4.20.3",
        ]
        let sorted = names.compactMap { ReleaseTag(name: $0, commit: "c") }.sorted().map(\.name)
        #expect(
            sorted == [
                "v4.9", "v4.19-rc1", "v4.19-rc8", "v4.19-rc10", "v4.19", "v4.19.1", "v4.20", "v4.20.3", "v5.0-rc1",
            ])
    }

    @Test func samplesLongWalks() {
        let tags = (0..<30).map { ReleaseTag(name: "v5.\(29 - $0)", commit: "c\($0)")! }
        let picked = ReleaseTag.sampled(tags)
        let indexes = picked.map { tag in tags.firstIndex(of: tag)! }
        #expect(indexes == [0, 1, 2, 3, 4, 5, 7, 9, 11, 13, 15, 17, 21, 25, 29])
        #expect(ReleaseTag.sampled(Array(tags.prefix(6))) == Array(tags.prefix(6)))
        #expect(
            ReleaseTag.sampled(Array(tags.prefix(8)), dense: 6).map(\.name) == [
                "v5.29", "v5.28", "v5.27", "v5.26", "v5.25", "v5.24", "v5.22",
            ])
        #expect(ReleaseTag.sampled([]).isEmpty)
    }

    @Test func releasesBeforeACommitAreAncestorsNewestFirst() async throws {
        let f = try await GitRepository()
        let names = ["v4.18", "v4.19-rc1", "v4.19", "v4.20-rc1", "v4.20", "v5.0"]
        var byName: [String: String] = [:]
        for name in names {
            byName[name] = try await f.commit("release \(name)", ["Makefile": name + "\n"])
            // Annotated and lightweight tags both count.
            if name.hasSuffix("0") {
                try await f.git(["tag", "-a", "-m", name, name])
            } else {
                try await f.git(["tag", name])
            }
        }
        try await f.git(["tag", "not-a-release"])
        try await f.git(["tag", "v4.19.3", byName["v4.19"]!])  // stable on the same commit as v4.19
        let bad = try await f.commit("after v5.0", ["x": "1\n"])
        try await f.git(["checkout", "-q", "-b", "stable", byName["v4.19"]!])
        try await f.commit("stable fix", ["y": "1\n"])
        try await f.git(["tag", "v4.19.4"])
        try await f.git(["tag", "-a", "-m", "tree tag", "v9.9", "HEAD^{tree}"])  // not a commit
        try await f.git(["checkout", "-q", "main"])
        let repo = try await Repository(path: f.path)

        let all = try await repo.releaseTags()
        #expect(all.map(\.name) == ["v4.18", "v4.19-rc1", "v4.19", "v4.19.3", "v4.19.4", "v4.20-rc1", "v4.20", "v5.0"])
        #expect(all.first { $0.name == "v5.0" }?.commit == byName["v5.0"])  // annotated tag peeled

        #expect(try await repo.releases(before: bad).map(\.name) == ["v5.0", "v4.20", "v4.19", "v4.18"])
        #expect(try await repo.releases(before: "v4.20").map(\.name) == ["v4.19", "v4.18"])
        #expect(
            try await repo.releases(before: bad, includeReleaseCandidates: true, includeStable: true).map(\.name)
                == ["v5.0", "v4.20", "v4.20-rc1", "v4.19.3", "v4.19", "v4.19-rc1", "v4.18"])
        #expect(
            try await repo.releases(before: "stable", includeStable: true).map(\.name) == ["v4.19.3", "v4.19", "v4.18"])
    }
}
