import Foundation
import Model
import Support
import TestSupport
import Testing

/// --max-runs and --max-builds are hard limits: the final check of the good revision and the
/// work of earlier attempts count (through the built `culprit`).
@Suite(.serialized) struct BudgetTests {
    private func lines(_ path: String) -> Int {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test(.timeLimit(.minutes(20))) func maxRunsIsAHardLimit() async throws {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        let hashes = try await repository.linear(16) { ["f": "\($0)"] }
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let test = "echo x >> \(dir)/runs; test \"$(cat f)\" -lt 11"
        for budget in [6, 20] {
            try? FileManager.default.removeItem(atPath: dir + "/runs")
            let r = try await DemoTests.run([
                "bisect", "--repo", repository.path, "--bad", hashes[15], "--good", hashes[0], "--build", "true",
                "--test", test, "--max-runs", "\(budget)", "--state", dir + "/state-\(budget)",
            ])
            #expect(lines(dir + "/runs") <= budget, "--max-runs \(budget) made \(lines(dir + "/runs")) runs")
            #expect(r.status == .exited(1) || r.status == .exited(0), "\(r.errorText)")
        }
    }

    @Test(.timeLimit(.minutes(20))) func maxBuildsCountsTheBuildsOfEarlierAttempts() async throws {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        let hashes = try await repository.linear(40) { ["f": "\($0)"] }
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let common = [
            "bisect", "--repo", repository.path, "--bad", hashes[39], "--good", hashes[0], "--build",
            "echo x >> \(dir)/builds", "--test", "test \"$(cat f)\" -lt 23", "--runs", "2", "--state", dir + "/state",
        ]
        let first = try await DemoTests.run(common + ["--max-builds", "2"])
        #expect(first.status == .exited(1), "\(first.outputText.suffix(1500))")
        #expect(lines(dir + "/builds") <= 2)
        let resumed = try await DemoTests.run(common + ["--max-builds", "3"])
        #expect(resumed.status == .exited(1), "\(resumed.outputText.suffix(1500))")
        #expect(lines(dir + "/builds") <= 3, "--max-builds 3 made \(lines(dir + "/builds")) builds in all")
    }
}
