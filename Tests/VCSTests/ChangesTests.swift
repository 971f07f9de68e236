import Foundation
import Model
import TestSupport
import Testing

@testable import VCS

/// `Repository.changes(of:)` reads what a commit changed whatever the user's git configuration.
struct ChangesTests {
    @Test func linesAndPathsWhateverTheUsersDiffConfiguration() async throws {
        let fixture = try await GitRepository()
        try await fixture.commit("base", ["src/a b.c": "int a;\n/* old */\n", "doc.md": "x\n"])
        let hash = try await fixture.commit(
            "change", ["src/a b.c": "int a;\n/* new */\n++ looks like a header\n", "doc.md": nil, "new.sh": "# hi\n"])
        // A user's settings that change what `git show` prints.
        for setting in [
            ["diff.noprefix", "true"], ["diff.mnemonicPrefix", "true"], ["diff.external", "/bin/false"],
            ["diff.relative", "true"], ["diff.renames", "copies"], ["color.diff", "always"],
            ["diff.orderFile", fixture.root + "/order"],
        ] {
            try await fixture.git(["config", setting[0], setting[1]])
        }
        try "new.sh\n".write(toFile: fixture.root + "/order", atomically: true, encoding: .utf8)
        let repository = try await Repository(path: fixture.path)
        let changes = try await repository.changes(of: hash)
        #expect(changes.map(\.path) == ["doc.md", "new.sh", "src/a b.c"])
        let c = try #require(changes.first { $0.path == "src/a b.c" })
        #expect(c.removed == ["/* old */"])
        #expect(c.added == ["/* new */", "++ looks like a header"])
        #expect(changes[0].removed == ["x"] && changes[0].added.isEmpty)
        #expect(changes[1].added == ["# hi"])
    }

    @Test func rootCommitAndModeChange() async throws {
        let fixture = try await GitRepository()
        let root = try await fixture.commit("root", ["run.sh": "echo\n"])
        try await fixture.git(["update-index", "--chmod=+x", "run.sh"])
        let mode = try await fixture.commit("executable")
        let repository = try await Repository(path: fixture.path)
        #expect(try await repository.changes(of: root) == [FileChange(path: "run.sh", added: ["echo"])])
        #expect(try await repository.changes(of: mode) == [FileChange(path: "run.sh")])
    }
}
