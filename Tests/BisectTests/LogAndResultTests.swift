import Bisect
import Foundation
import Model
import TestSupport
import Testing

/// What the log and the result say, over real temporary git repositories and scripted backends:
/// lines that do not repeat or mislead, the revision the user typed, the JSON form, the full log.
struct LogAndResultTests {
    @Test func retestsDoNotRepeatTheGitBisectLineAndCountsAreSingularWhenOne() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(30) { $0 == 17 ? ["bug": "0.35"] : [:] }
        let (result, events) = try await BisectionTests.run(repo, bad: hashes[29], good: hashes[0])
        #expect(result.culprit?.hash == hashes[17])
        let lines = events.lines.withLock { $0 }
        let verdicts = lines.filter { $0.hasPrefix("# git bisect good ") || $0.hasPrefix("# git bisect bad ") }
        #expect(Set(verdicts).count == verdicts.count, "repeated: \(verdicts)")
        #expect(!lines.contains { $0.contains(" 1 candidates") || $0.contains(" 1 tests") })
        // A count that did not move says why.
        let counts = lines.filter { $0.hasPrefix("Bisecting: ") }
        for (a, b) in zip(counts, counts.dropFirst()) where a.split(separator: " ")[1] == b.split(separator: " ")[1] {
            #expect(b.contains("(unchanged: "), "\(a) then \(b)")
        }
    }

    @Test func syzbotStrategyClaimsNoConfidence() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(12) { $0 == 5 ? ["bug": "1"] : [:] }
        let (result, events) = try await BisectionTests.run(repo, bad: hashes[11], good: hashes[0], strategy: .syzbot2019)
        #expect(result.culprit?.hash == hashes[5])
        #expect(!events.text.contains("confidence:"))
        #expect(!events.text.contains("no probability"))
    }

    @Test func aCrashingGoodRevisionIsNamedAsTyped() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(12) { $0 == 2 ? ["bug": "1"] : [:] }
        _ = try await repo.git("tag", "known-good", hashes[3])
        let (result, events) = try await BisectionTests.run(repo, bad: hashes[11], good: "known-good")
        #expect(result.outcome == .inconclusive && result.culprit == nil)
        #expect(result.warnings.contains { $0.contains("the good revision known-good (\(hashes[3])) shows the crash") })
        #expect(events.text.contains("checking that the good revision known-good (\(hashes[3])) is clean"))
    }

    @Test func resultJSONIsSnakeCaseWithCommitsAndTheFullLogKeptWithTheJob() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(8)
        let (result, events) = try await BisectionTests.run(repo, bad: hashes[7], good: hashes[0])
        #expect(result.outcome == .notReproducible)
        let data = try result.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("\\/"), "escaped slashes")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["outcome"] as? String == "not_reproducible")
        #expect(object["bad_commit"] as? String == hashes[7])
        #expect(object["good_commit"] as? String == hashes[0])
        #expect(object["compiler"] as? String == "scripted builder 1.0")
        #expect(object.keys.contains("config"))
        let logPath = try #require(object["log_path"] as? String)
        #expect(logPath == result.stateDirectory + "/log.txt")
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log == events.text + "\n")
        #expect(try JSONDecoder().decode(BisectionResult.self, from: JSONEncoder().encode(result)) == result)
        // Journals written before the values were snake_case still read.
        let legacy = try JSONDecoder().decode([BisectionResult.Outcome].self, from: Data(#"["notReproducible"]"#.utf8))
        #expect(legacy == [.notReproducible])
    }
}
