import Foundation
import Model
import Support
import TestSupport
import Testing

@testable import VCS

@Suite struct RecipientsTests {
    @Test func authorTrailersAndMaintainersSplitIntoToAndCc() async throws {
        let f = try await GitRepository()
        try await f.commit("base", ["MAINTAINERS": MaintainersTests.fixture, "net/tls/tls_main.c": "0\n"])
        let message = """
            net/tls: fix transition through disconnect with close

            Body.

            Fixes: 3c4d7559159bf ("tls: kernel TLS support")
            Reported-by: Rep Orter <rep@example.org>
            Cc: Copied Only <copied@example.org>
            Cc: stable@vger.kernel.org # 5.2
            Reviewed-by: Rita Review <RITA@example.org>
            Signed-off-by: Ann Thor <ann.thor@example.org>
            Signed-off-by: Ted Tls <ted@example.org>
            Signed-off-by: Stable Person <stable@vger.kernel.org>
            """
        try await f.commit(
            message, ["net/tls/tls_main.c": "1\n", "Documentation/networking/tls.rst": "doc\n"],
            author: "Ann Thor <ann.thor@example.org>")
        let repo = try await Repository(path: f.path)
        let r = try await repo.recipients(for: "HEAD")
        // Files in path order (Documentation/ first), sections most specific first; each person once.
        #expect(
            r.to.map(\.email) == ["ann.thor@example.org", "ted@example.org", "dora@example.org", "davem@example.org"])
        #expect(
            r.cc.map(\.email) == [
                "rep@example.org", "RITA@example.org", "docs@example.org", "all@example.org", "netdev@example.org",
            ])
        #expect(r.to[0].roles == ["author", "signed-off-by"])
        #expect(r.to[0].formatted == "Ann Thor <ann.thor@example.org>")
        #expect(r.to[1].roles == ["signed-off-by", "supporter:NETWORKING [TLS]"])  // in `to` as a maintainer
        #expect(r.cc[1].roles == ["reviewed-by", "reviewer:NETWORKING [TLS]"])
        #expect(r.cc[3].roles == ["list"])  // the catch-all list, its maintainer left out
        #expect(r.cc[4].roles == ["list:NETWORKING [TLS]", "list:NETWORKING [GENERAL]"])
        #expect(
            !r.all.contains {
                $0.email.contains("stable@") || $0.email.contains("copied") || $0.email.contains("chief")
            })
        #expect(r.notes.isEmpty)
    }

    @Test func moderatedListsStaySubscriberOnlyOnesGo() async throws {
        let f = try await GitRepository()
        try await f.commit("base", ["MAINTAINERS": MaintainersTests.fixture])
        try await f.commit("bt", ["net/bluetooth/hci.c": "1\n"])
        let r = try await Repository(path: f.path).recipients(for: "HEAD")
        #expect(r.to.map(\.email) == ["ann@example.org", "bea@example.org"])
        #expect(r.to[1].roles == ["odd fixer:BLUETOOTH"])
        #expect(r.cc.map(\.email) == ["blue@example.org", "all@example.org"])
        #expect(r.cc[0].roles == ["moderated list:BLUETOOTH"])
    }

    @Test func oldAddressesAreMappedThroughTheNewestMailmap() async throws {
        let f = try await GitRepository()
        let maintainers = "TLS\nM:\tJohn New <john@new.example>\nL:\tnetdev@example.org\nF:\ttls/\n"
        try await f.commit("base", ["MAINTAINERS": maintainers, "tls/a.c": "0\n"])
        let culprit = try await f.commit(
            "tls: fix\n\nSigned-off-by: John Old <john@old.example>\nAcked-by: Gone <gone@dead.example>",
            ["tls/a.c": "1\n"], author: "John Old <john@old.example>")
        // Years later the .mailmap says where people went.
        let mailmap =
            "John New <john@new.example> <john@old.example>\nAlive Again <alive@example.org> <gone@dead.example>\n"
        try await f.commit("mailmap", [".mailmap": mailmap])
        let r = try await Repository(path: f.path).recipients(for: culprit)
        #expect(r.to.map(\.formatted) == ["John New <john@new.example>"])
        #expect(r.to[0].roles == ["author", "signed-off-by", "maintainer:TLS"])
        #expect(r.cc.map(\.formatted) == ["Alive Again <alive@example.org>", "netdev@example.org"])
        #expect(!r.all.contains { $0.email.contains("old.example") || $0.email.contains("dead.example") })
    }

    @Test func listsWrittenAsNamedAddressesAreUnderstood() async throws {
        let f = try await GitRepository()
        let text = "KOMEDA\nM:\tKo Meda <ko@example.org>\nL:\tMali DP Maintainers <malidp@example.org>\nF:\tkomeda/\n"
        try await f.commit("base", ["MAINTAINERS": text])
        try await f.commit("change", ["komeda/a.c": "1\n"])
        let r = try await Repository(path: f.path).recipients(for: "HEAD")
        #expect(r.cc.map(\.email) == ["malidp@example.org"])
        #expect(r.cc[0].roles == ["list:KOMEDA"])
    }

    @Test func withoutMaintainersOnlyTheCommitsPeopleWithANote() async throws {
        let f = try await GitRepository()
        try await f.commit("fix\n\nAcked-by: Ack Er <ack@example.org>\nCc: cc@example.org", ["a.c": "1\n"])
        let r = try await Repository(path: f.path).recipients(for: "HEAD")
        #expect(r.to.map(\.formatted) == ["Ann Author <ann@example.org>"])
        #expect(r.cc.map(\.formatted) == ["Ack Er <ack@example.org>"])
        #expect(r.notes.count == 1)
        #expect(r.notes[0].contains("no MAINTAINERS file"))
    }

    @Test func usesTheMaintainersFileOfTheCommitItself() async throws {
        let f = try await GitRepository()
        let old = try await f.commit(
            "old", ["MAINTAINERS": "FOO\nM:\tOld Owner <old@example.org>\nF:\tfoo/\n", "foo/a.c": "0\n"])
        let change = try await f.commit("change foo", ["foo/a.c": "1\n"])
        try await f.commit("new owner", ["MAINTAINERS": "FOO\nM:\tNew Owner <new@example.org>\nF:\tfoo/\n"])
        try await f.commit("change foo again", ["foo/a.c": "2\n"])
        let repo = try await Repository(path: f.path)
        #expect(try await repo.recipients(for: change).to.map(\.email) == ["ann@example.org", "old@example.org"])
        #expect(try await repo.recipients(for: "HEAD").to.map(\.email) == ["ann@example.org", "new@example.org"])
        #expect(try await repo.maintainersFile(at: old)?.sections.count == 1)
    }
}
