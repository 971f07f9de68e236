import Bisect
import Build
import Foundation
import Model
import Support
import TestSupport
import Testing

/// `testing commit H with C` and the result's compiler, per revision: a builder whose compiler
/// depends on the revision (as a kernel's follows its version) over the real driver and a real
/// repository. The kernel builder's own choice per revision is `KernelBuilderDescribeTests`.
struct ToolchainLineTests {
    /// Builds as ``ScriptedBuilder``; its compiler is the `cc` file of the commit asked about,
    /// read from git (not from the work tree, which may hold another revision).
    final class PerRevisionBuilder: Builder {
        let inner = ScriptedBuilder()

        func describe(_ request: BuildRequest) async -> String {
            let shown = try? await ProcessRunner.run(
                "git", ["-C", request.worktree, "show", request.commit + ":cc"], timeout: .seconds(30))
            return shown.map { $0.outputText.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        }

        func build(_ request: BuildRequest) async throws -> BuildResult { try await inner.build(request) }
    }

    @Test("each revision's line names its own compiler; the result names the culprit's")
    func perRevision() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        // The compiler changes at 10 (a newer kernel), the bug comes at 6.
        let hashes = try await repo.linear(16) { i in
            var files: [String: String?] = [:]
            if i == 0 { files["cc"] = "cc-old 1.0" }
            if i == 10 { files["cc"] = "cc-new 2.0" }
            if i == 6 { files["bug"] = "1" }
            return files
        }
        let events = EventLog()
        var config = BisectionConfig(repository: repo.path, bad: hashes[15])
        config.good = hashes[0]
        let bisection = try Bisection(config: config, builder: PerRevisionBuilder(), tester: ScriptedTester()) {
            events.record($0)
        }
        let result = try await bisection.run()
        #expect(result.culprit?.hash == hashes[6])
        let lines = events.lines.withLock { $0 }.filter { $0.hasPrefix("testing commit ") }
        #expect(lines.count >= 3)
        for line in lines {
            let hash = String(line.dropFirst("testing commit ".count).prefix(40))
            let index = try #require(hashes.firstIndex(of: hash))
            #expect(line.hasSuffix(index >= 10 ? " with cc-new 2.0" : " with cc-old 1.0"), "\(line)")
        }
        #expect(lines.contains { $0.hasSuffix("cc-new 2.0") } && lines.contains { $0.hasSuffix("cc-old 1.0") })
        #expect(result.compiler == "cc-old 1.0", "the culprit's compiler, not the last revision's")
        // Resumed with everything recorded, nothing is tested again: the result still names it.
        let again = try await Bisection(config: config, builder: PerRevisionBuilder(), tester: ScriptedTester()) { _ in }
            .run()
        #expect(again.culprit?.hash == hashes[6] && again.compiler == "cc-old 1.0", "\(again.compiler ?? "nil")")
    }
}
