import Build
import Foundation
import Testing
import TestSupport

/// What `testing commit H with C` says for a kernel job: the compiler the table gives the
/// revision about to be built, read from that revision, not from whatever the work tree holds.
@Suite struct KernelBuilderDescribeTests {
    static func makefile(_ minor: Int) -> String { "VERSION = 6\nPATCHLEVEL = \(minor)\nSUBLEVEL = 0\n" }

    @Test func theCompilerIsTheRevisionsOwnNotTheCheckedOutOnes() async throws {
        let repo = try await GitRepository()
        defer { repo.remove() }
        let old = try await repo.commit("v6.1", ["Makefile": Self.makefile(1)])
        let new = try await repo.commit("v6.12", ["Makefile": Self.makefile(12)])
        _ = try await repo.git("checkout", "-q", old)
        // Names no machine has: describe falls back on the name when `--version` cannot run.
        var settings = KernelBuildSettings(config: .base(target: "tinyconfig", fragments: []), buildRoot: repo.root + "/b")
        settings.compilers = [.init(cc: "culprit-test-cc-old"), .init(since: KernelVersion("6.10")!, cc: "culprit-test-cc-new")]
        let builder = KernelBuilder(settings: settings)
        func described(_ commit: String) async -> String {
            await builder.describe(BuildRequest(commit: commit, worktree: repo.path, outputDirectory: repo.root))
        }
        #expect(await described(new) == "culprit-test-cc-new", "the work tree holds v6.1; v6.12 is described")
        #expect(await described(old) == "culprit-test-cc-old")
        _ = try await repo.git("checkout", "-q", new)
        #expect(await described(old) == "culprit-test-cc-old", "the work tree holds v6.12; v6.1 is described")
    }
}
