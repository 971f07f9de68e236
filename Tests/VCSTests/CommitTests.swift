import Foundation
import Support
import TestSupport
import Testing

@testable import VCS

@Suite struct CommitTests {
    @Test func readsMetadataTrailersAndFiles() async throws {
        let f = try await GitRepository()
        let parent = try await f.commit("base", ["net/tls/tls_main.c": "a\n", "README": "r\n"])
        let message = """
            net/tls: fix \"transition\" through disconnect — with close

            It is possible (via shutdown()) for TCP socks to go through
            TCP_CLOSE: state.

            Fixes: 3c4d7559159bf ("tls: kernel TLS support")
            Reported-by: Eric Dumazet <edumazet@google.com>
            Signed-off-by: John Fastabend <john.fastabend@gmail.com>
            Cc: <stable@vger.kernel.org> # 4.19
            Acked-by: "Doe, Jane" <jane@example.org>
            Link: https://lore.kernel.org/r/1
            Signed-off-by: Jakub Kicinski
             <jakub.kicinski@netronome.com>
            """
        let hash = try await f.commit(
            message, ["net/tls/tls_main.c": "b\n", "Documentation/networking/tls.rst": "doc\n", "README": nil],
            author: "John Fastabend <john.fastabend@gmail.com>", date: "2019-07-19T10:29:18-07:00")
        let repo = try await Repository(path: f.path)
        let c = try await repo.commit("HEAD")
        #expect(c.hash == hash)
        #expect(c.title == "net/tls: fix \"transition\" through disconnect — with close")
        #expect(c.authorName == "John Fastabend")
        #expect(c.authorEmail == "john.fastabend@gmail.com")
        #expect(c.authorDate == Date(timeIntervalSince1970: 1_563_557_358))
        #expect(c.committerDate == c.authorDate)
        #expect(c.parents == [parent])
        #expect(!c.isMerge)
        #expect(c.body.hasPrefix("It is possible (via shutdown())"))
        #expect(c.files == ["Documentation/networking/tls.rst", "README", "net/tls/tls_main.c"])
        #expect(
            c.trailers.map(\.key) == [
                "Fixes", "Reported-by", "Signed-off-by", "Cc", "Acked-by", "Link", "Signed-off-by",
            ])
        #expect(c.trailers[0].value == "3c4d7559159bf (\"tls: kernel TLS support\")")
        #expect(c.trailers[0].email == nil)
        #expect(c.trailers[1].name == "Eric Dumazet")
        #expect(c.trailers[1].email == "edumazet@google.com")
        #expect(c.trailers[3].name == nil)
        #expect(c.trailers[3].email == "stable@vger.kernel.org")
        #expect(c.trailers[4].name == "Doe, Jane")
        #expect(c.trailers[6].name == "Jakub Kicinski")  // folded continuation line unfolded
        #expect(c.trailers[6].email == "jakub.kicinski@netronome.com")
        #expect(c.trailers("signed-off-by").count == 2)
    }

    @Test func mergeFilesAreAgainstTheFirstParentAndRootListsAll() async throws {
        let f = try await GitRepository()
        let root = try await f.commit("root", ["a.txt": "1\n", "dir/b.txt": "1\n"])
        try await f.git(["checkout", "-q", "-b", "topic"])
        try await f.commit("topic", ["t.txt": "t\n"])
        try await f.git(["checkout", "-q", "main"])
        try await f.commit("main", ["a.txt": "2\n"])
        try await f.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic"])
        let repo = try await Repository(path: f.path)
        let merge = try await repo.commit("HEAD")
        #expect(merge.isMerge)
        #expect(merge.parents.count == 2)
        #expect(merge.files == ["t.txt"])
        #expect(merge.trailers.isEmpty)
        #expect(merge.body == "")
        let first = try await repo.commit(root)
        #expect(first.parents.isEmpty)
        #expect(first.files == ["a.txt", "dir/b.txt"])
    }

    @Test func oddNamesAndPathsSurviveParsing() async throws {
        let f = try await GitRepository()
        try await f.commit(
            "x\u{1}y: odd title", ["dir with space/ü\tname.c": "1\n"], author: "Zoë \"Z\" Ü <z@example.org>")
        let repo = try await Repository(path: f.path)
        let c = try await repo.commit("HEAD")
        #expect(c.title == "x\u{1}y: odd title")
        #expect(c.authorName == "Zoë \"Z\" Ü")
        #expect(c.files == ["dir with space/ü\tname.c"])
    }

    @Test func parsesAddresses() {
        #expect(Trailer(key: "Cc", value: "stable@vger.kernel.org # v5.2+").email == "stable@vger.kernel.org")
        #expect(Trailer(key: "Reviewed-by", value: "Jo <jo@x.org>").name == "Jo")
        #expect(Trailer(key: "Fixes", value: "abc (\"x@y\")").email == nil)
        #expect(Trailer(key: "Link", value: "https://a@b/c d").email == nil)
    }
}
