import Foundation
import Model
import Support
import TestSupport
import Testing

/// A build or a test that moves or empties the job's work tree gets no verdict for that
/// revision, never a wrong culprit (through the built `culprit`).
@Suite(.serialized) struct WorktreeIntegrityTests {
    /// Ten commits; `f` holds the commit number; the crash comes with commit 6.
    private func repository() async throws -> (GitRepository, [String]) {
        let repository = try await GitRepository.scripted()
        return (repository, try await repository.linear(10) { ["f": "\($0)"] })
    }

    private static let crashes = "test \"$(cat f 2>/dev/null || echo 99)\" -lt 6"

    @Test(.timeLimit(.minutes(5))) func aTestThatEmptiesTheWorkTreeGivesNoVerdict() async throws {
        let (repository, hashes) = try await repository()
        defer { repository.remove() }
        // The first run of every revision empties the tree; later runs would see no `f` and crash.
        let test = "if [ \"$CULPRIT_RUN\" = 0 ]; then rm -rf ./*; fi; sleep 0.3; " + Self.crashes
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await DemoTests.run(
            [
                "bisect", "--repo", repository.path, "--bad", hashes[9], "--good", hashes[0], "--build", "true",
                "--test", test, "--jobs", "2", "--runs", "4", "--state", dir + "/state",
            ], timeout: .seconds(240))
        let out = r.outputText + r.errorText
        #expect(out.contains("changed the work tree"), "\(out.suffix(3000))")
        if out.contains("first bad commit:") {
            #expect(out.contains("first bad commit: \(hashes[6])"), "a wrong culprit: \(out.suffix(3000))")
        }
    }

    @Test(.timeLimit(.minutes(5))) func aBuildThatMovesTheWorkTreeGivesNoVerdict() async throws {
        let (repository, hashes) = try await repository()
        defer { repository.remove() }
        let build = "git checkout -q HEAD~2"
        let r = try await DemoTests.run(
            [
                "bisect", "--repo", repository.path, "--bad", hashes[9], "--good", hashes[0], "--build", build,
                "--test", Self.crashes, "--runs", "2",
            ], timeout: .seconds(240))
        let out = r.outputText + r.errorText
        #expect(!out.contains("first bad commit:"), "a culprit named from moved builds: \(out.suffix(3000))")
        #expect(r.status != .exited(0))
        #expect(out.contains("the build changed the work tree"), "\(out.suffix(3000))")
    }
}
