import Bisect
import Foundation
import Instance
import Model
import Support
import Synchronization
import TestSupport
import Testing

/// The driver over real temporary git repositories, with scripted backends whose behaviour
/// depends on the files of the checked-out commit.
struct BisectionTests {
    static func run(
        _ repo: GitRepository, bad: String, good: String?, mode: BisectMode = .cause, strategy: Strategy = .bayes,
        builder: ScriptedBuilder = ScriptedBuilder(), tester: any Tester = ScriptedTester(),
        configure: (inout BisectionConfig) -> Void = { _ in }
    ) async throws -> (BisectionResult, EventLog) {
        var config = BisectionConfig(repository: repo.path, bad: bad)
        config.good = good
        config.mode = mode
        config.strategy = strategy
        configure(&config)
        let events = EventLog()
        let bisection = try Bisection(config: config, builder: builder, tester: tester) { events.record($0) }
        return (try await bisection.run(), events)
    }

    @Test(arguments: [Strategy.bayes, .syzkaller, .syzbot2019])
    func linearHistory(strategy: Strategy) async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(40) { $0 == 23 ? ["bug": "1"] : [:] }
        let (result, events) = try await Self.run(repo, bad: hashes[39], good: hashes[0], strategy: strategy)
        #expect(result.outcome == .found)
        #expect(result.culprit?.hash == hashes[23])
        #expect(result.culprit?.title == "commit 23")
        #expect(result.culprit?.author == "Ada Tester <ada@example.com>")
        #expect(result.exitStatus == .success)
        #expect(result.builds >= 5 && result.testRuns > 0 && result.revisionsTested >= 5)
        #expect(result.crash?.title == "KASAN: use-after-free Read in parse_item")
        #expect(result.crash?.report?.contains("Call Trace") == true)
        #expect(result.recipients?.sortedEmails.contains("ada@example.com") == true)
        let log = events.text
        #expect(log.hasPrefix("bisecting cause commit starting from \(hashes[39])"))
        #expect(log.contains("testing commit \(hashes[39]) with scripted builder 1.0"))
        #expect(log.contains("all runs: crashed: KASAN: use-after-free Read in parse_item"))
        #expect(log.contains("# git bisect good "))
        #expect(log.contains("revisions tested: \(result.revisionsTested), total time: "))
        #expect(log.contains("first bad commit: \(hashes[23]) commit 23"))
        #expect(log.contains("cc: [\"ada@example.com\"]"))
        #expect(!events.progress.withLock { $0 }.isEmpty)
        if strategy.isGitBisectRule { #expect(log.contains("revisions left to test after this (roughly")) }
    }

    @Test func resultJSONHasTheDocumentedKeys() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(12) { $0 == 5 ? ["bug": "1"] : [:] }
        let (result, _) = try await Self.run(repo, bad: hashes[11], good: hashes[0])
        let data = try JSONEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in [
            "culprit", "candidates", "confidence", "revisions_tested", "builds", "test_runs", "build_seconds",
            "test_seconds", "crash", "recipients", "warnings",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let culprit = try #require(object["culprit"] as? [String: Any])
        #expect(culprit["hash"] as? String == hashes[5] && culprit["author"] != nil && culprit["title"] != nil)
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.first?["hash"] as? String == hashes[5] && candidates.first?["probability"] is Double)
        let decoded = try JSONDecoder().decode(BisectionResult.self, from: data)
        #expect(decoded == result)
    }

    @Test(arguments: [Strategy.bayes, .syzbot2019])
    func mergeHistoryFindsTheBranchCommit(strategy: Strategy) async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let base = try await repo.linear(6)
        try await repo.git("checkout", "-q", "-b", "topic")
        let topic = try await repo.linear(8, from: 100) { $0 == 103 ? ["bug": "1", "topic.c": "x"] : [:] }
        try await repo.git("checkout", "-q", "main")
        _ = try await repo.linear(7, from: 200) { ["main-\($0).c": "y"] }
        try await repo.git("merge", "-q", "--no-ff", "-m", "Merge branch topic", "topic")
        let tail = try await repo.linear(5, from: 300)
        let (result, _) = try await Self.run(repo, bad: tail[4], good: base[0], strategy: strategy)
        #expect(result.outcome == .found)
        #expect(result.culprit?.hash == topic[3])
    }

    @Test func brokenBuildsAreSkipped() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        // 10...14 do not build; the bug comes at 20.
        let hashes = try await repo.linear(40) { i in
            var files: [String: String?] = [:]
            if i == 10 { files["broken"] = "1" }
            if i == 15 { files["broken"] = .some(nil) }
            if i == 20 { files["bug"] = "1" }
            return files
        }
        let (result, events) = try await Self.run(repo, bad: hashes[39], good: hashes[0])
        #expect(result.culprit?.hash == hashes[20])
        #expect(!events.text.contains("build failed") || events.text.contains("# git bisect skip"))
    }

    @Test(arguments: [Strategy.bayes, .syzbot2019])
    func culpritAfterBrokenStretchIsReportedAsCandidates(strategy: Strategy) async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        // 10...14 do not build and the bug comes at 15: 10...15 cannot be told apart.
        let hashes = try await repo.linear(24) { i in
            var files: [String: String?] = [:]
            if i == 10 { files["broken"] = "1" }
            if i == 15 { files["broken"] = .some(nil); files["bug"] = "1" }
            return files
        }
        let (result, events) = try await Self.run(repo, bad: hashes[23], good: hashes[0], strategy: strategy)
        #expect(result.outcome == .inconclusive)
        #expect(result.culprit == nil)
        #expect(result.exitStatus == .inconclusive)
        #expect(Set(result.candidates.map(\.hash)).isSuperset(of: [hashes[15]]))
        #expect(Set(result.candidates.map(\.hash)).isSubset(of: Set(hashes[10...15])))
        #expect(events.text.contains("the first bad commit could be any of:"))
        #expect(events.text.contains("# git bisect skip"))
    }

    @Test func flakyReproducer() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(30) { $0 == 17 ? ["bug": "0.35"] : [:] }
        let (result, events) = try await Self.run(repo, bad: hashes[29], good: hashes[0])
        #expect(result.outcome == .found)
        #expect(result.culprit?.hash == hashes[17])
        #expect(result.confidence >= 0.95)
        #expect(events.text.contains("run #"))  // mixed results are listed run by run
    }

    @Test func unrelatedCrashesDoNotMisleadTheDefaultStrategy() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(40) { i in
            i == 0 ? ["noise": "0.15"] : i == 12 ? ["bug": "1"] : [:]
        }
        let (result, _) = try await Self.run(repo, bad: hashes[39], good: hashes[0])
        #expect(result.culprit?.hash == hashes[12])
    }

    @Test func fixMode() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(36) { i -> [String: String?] in
            if i == 0 { return ["bug": "1"] }
            let removed: String? = nil
            return i == 27 ? ["bug": removed] : [:]
        }
        let (result, events) = try await Self.run(repo, bad: hashes[3], good: hashes[35], mode: .fix)
        #expect(result.outcome == .found)
        #expect(result.culprit?.hash == hashes[27])
        #expect(events.text.contains("bisecting fix commit starting from \(hashes[3])"))
        #expect(events.text.contains("first good commit: \(hashes[27]) commit 27"))
        await #expect(throws: CulpritError.self) {
            _ = try await Self.run(repo, bad: hashes[3], good: nil, mode: .fix)
        }
    }

    @Test(arguments: [Strategy.bayes, .syzbot2019])
    func releaseWalkFindsACleanRelease(strategy: Strategy) async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(30) { $0 == 21 ? ["bug": "1"] : [:] }
        try await repo.git("tag", "v1.0", hashes[2])
        try await repo.git("tag", "v1.1", hashes[12])
        try await repo.git("tag", "v1.2", hashes[25])
        let (result, events) = try await Self.run(repo, bad: hashes[29], good: nil, strategy: strategy)
        #expect(result.culprit?.hash == hashes[21])
        #expect(events.text.contains("testing release v1.2"))
        #expect(events.text.contains("testing release v1.1"))
        #expect(!events.text.contains("testing release v1.0"))
    }

    @Test func releaseMaskedByAnotherCrashIsPassed() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        // Another bug crashes every run from 10 to 19; ours comes at 23.
        let hashes = try await repo.linear(30) { i -> [String: String?] in
            let gone: String? = nil
            return i == 10 ? ["noise": "1"] : i == 20 ? ["noise": gone] : i == 23 ? ["bug": "1"] : [:]
        }
        try await repo.git("tag", "v1.0", hashes[3])
        try await repo.git("tag", "v1.1", hashes[15])
        try await repo.git("tag", "v1.2", hashes[26])
        let (result, events) = try await Self.run(repo, bad: hashes[29], good: nil)
        #expect(events.text.contains("another crash hides the bug here (WARNING in unrelated_timer"))
        #expect(events.text.contains("release v1.0 (\(hashes[3])) is clean"))
        #expect(result.culprit?.hash == hashes[23])
    }

    @Test func testerFailuresStopTheJob() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(6) { $0 == 0 ? ["bug": "1", "infra": "1"] : [:] }
        let error = await #expect(throws: CulpritError.self) {
            _ = try await Self.run(repo, bad: hashes[5], good: hashes[0])
        }
        #expect(error?.code == .infrastructure && error?.message.contains("3 tests in a row") == true)
    }

    @Test func noCleanRelease() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(12) { $0 == 0 ? ["bug": "1"] : [:] }
        try await repo.git("tag", "v2.0", hashes[1])
        try await repo.git("tag", "v2.1", hashes[5])
        let (result, events) = try await Self.run(repo, bad: hashes[11], good: nil)
        #expect(result.outcome == .noCleanRelease)
        #expect(result.oldestReleaseTested == "v2.0")
        #expect(result.exitStatus == .inconclusive)
        #expect(events.text.contains("every release tested crashes (oldest tested: v2.0)"))
        let none = try await GitRepository.scripted()
        defer { none.remove() }
        let plain = try await none.linear(3) { $0 == 0 ? ["bug": "1"] : [:] }
        await #expect(throws: CulpritError.self) { _ = try await Self.run(none, bad: plain[2], good: nil) }
    }

    @Test func aGoodRevisionWithTheBugIsCaughtBeforeAnswering() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(12) { $0 == 2 ? ["bug": "1"] : [:] }
        // The culprit right above a clean good revision: checked, then named.
        let (right, log) = try await Self.run(repo, bad: hashes[11], good: hashes[1])
        #expect(right.culprit?.hash == hashes[2])
        #expect(log.text.contains("checking that the good revision \(hashes[1]) is clean"))
        #expect(log.text.contains("# git bisect good \(hashes[1])"))
        // A "good" revision that has the bug: no confident answer.
        let (wrong, events) = try await Self.run(repo, bad: hashes[11], good: hashes[3])
        #expect(wrong.outcome == .inconclusive && wrong.culprit == nil)
        #expect(wrong.warnings.contains { $0.contains("the good revision \(hashes[3]) shows the crash too") })
        #expect(events.text.contains("the first bad commit could be any of:"))
        // Fix mode: a "good" revision that still crashes.
        let (fix, _) = try await Self.run(repo, bad: hashes[3], good: hashes[11], mode: .fix)
        #expect(fix.outcome == .inconclusive && fix.culprit == nil)
    }

    @Test func notReproducible() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(8)
        let (result, events) = try await Self.run(repo, bad: hashes[7], good: hashes[0])
        #expect(result.outcome == .notReproducible)
        #expect(result.exitStatus == .notReproducible)
        #expect(result.builds == 1 && result.testRuns == 32)
        #expect(events.text.contains("the crash did not reproduce on \(hashes[7]) in 32 runs"))
    }

    @Test func warningsOnDocsOnlyCulpritWithIdenticalArtifact() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(16) { i in
            i == 0 ? ["binary": "same"] : i == 9 ? ["Documentation/bug.txt": "1"] : [:]
        }
        let builder = ScriptedBuilder()
        let (result, _) = try await Self.run(repo, bad: hashes[15], good: hashes[0], builder: builder)
        #expect(result.culprit?.hash == hashes[9])
        #expect(result.warnings.contains { $0.contains("only changes documentation") })
        #expect(result.warnings.contains { $0.contains("identical to its parent's") })
        #expect(builder.builds.withLock { $0 }.contains(hashes[8]))  // the parent, built to compare
    }

    @Test func mergeCulpritIsFlagged() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let base = try await repo.linear(3)
        try await repo.git("checkout", "-q", "-b", "side")
        _ = try await repo.linear(2, from: 10) { ["side.c": "s\($0)"] }
        try await repo.git("checkout", "-q", "main")
        _ = try await repo.linear(2, from: 20) { ["main.c": "m\($0)"] }
        // The bug needs both sides: only the merge commit has it.
        try await repo.git("merge", "-q", "--no-commit", "side")
        try "1".write(toFile: repo.path + "/bug", atomically: true, encoding: .utf8)
        try await repo.git("add", "-A")
        try await repo.git("commit", "-q", "-m", "Merge branch side")
        let merge = try await repo.git("rev-parse", "HEAD")
        let tail = try await repo.linear(3, from: 30)
        let (result, _) = try await Self.run(repo, bad: tail[2], good: base[0])
        #expect(result.culprit?.hash == merge)
        #expect(result.warnings.contains { $0.contains("merge commit") })
    }

    @Test func stateDirectoryOfAnotherJobIsRefused() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(10) { $0 == 4 ? ["bug": "1"] : [:] }
        let state = repo.path + "/../" + URL(fileURLWithPath: repo.path).lastPathComponent + "-state"
        defer { try? FileManager.default.removeItem(atPath: state) }
        _ = try await Self.run(repo, bad: hashes[9], good: hashes[0]) { $0.stateDirectory = state }
        let error = await #expect(throws: CulpritError.self) {
            _ = try await Self.run(repo, bad: hashes[8], good: hashes[0]) { $0.stateDirectory = state }
        }
        #expect(error?.code == .badInput && error?.message.contains("holds another job") == true)
        // The same job again: everything is recorded, nothing is built or run again.
        let tester = ScriptedTester()
        let builder = ScriptedBuilder()
        let (again, events) = try await Self.run(
            repo, bad: hashes[9], good: hashes[0], builder: builder, tester: tester
        ) {
            $0.stateDirectory = state
        }
        #expect(again.culprit?.hash == hashes[4])
        #expect(tester.made.withLock { $0 }.isEmpty && builder.builds.withLock { $0 }.isEmpty)
        #expect(events.text.contains("resuming the job in"))
    }

    @Test func resumesAfterInterruptionWithoutRetesting() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(64) { $0 == 41 ? ["bug": "0.5"] : [:] }
        let tester = ScriptedTester()
        let builder = ScriptedBuilder()
        var config = BisectionConfig(repository: repo.path, bad: hashes[63])
        config.good = hashes[0]
        // First run: interrupted (task cancelled) after the fourth tested revision.
        let events = EventLog()
        let first = try Bisection(config: config, builder: builder, tester: tester) { event in
            events.record(event)
        }
        let task = Task { try await first.run() }
        while events.lines.withLock({ $0.filter { $0.hasPrefix("testing commit") }.count }) < 4 {
            try await Task.sleep(for: .milliseconds(1))
        }
        task.cancel()
        let interrupted = await task.result
        #expect(throws: CulpritError.self) { try interrupted.get() }
        let runsBefore = tester.made.withLock { $0 }
        #expect(!runsBefore.isEmpty)
        // A kill can leave half a line at the end of the journal.
        let journals = try FileManager.default.subpathsOfDirectory(atPath: repo.path + "/.git/culprit")
            .filter { $0.hasSuffix("journal.jsonl") }
        #expect(journals.count == 1)
        let journal = repo.path + "/.git/culprit/" + journals[0]
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"kind\":\"runs\",\"commit\":\"".utf8))
        try handle.close()
        // Second run of the same job: continues, redoes no run.
        let again = EventLog()
        let second = try Bisection(config: config, builder: builder, tester: tester) { again.record($0) }
        let result = try await second.run()
        #expect(result.culprit?.hash == hashes[41])
        #expect(again.text.contains("resuming the job in"))
        let made = tester.made.withLock { $0 }
        #expect(Set(made).count == made.count, "a run was made twice")
        #expect(made.count > runsBefore.count)
        #expect(result.testRuns == made.count, "every run made is in the result, none twice")
    }

    @Test func eventsFollowEachBuildAndRunAndEndWithTheResult() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(20) { $0 == 11 ? ["bug": "0.6"] : [:] }
        let (result, log) = try await Self.run(repo, bad: hashes[19], good: hashes[0])
        let events = log.events.withLock { $0 }
        guard case .result(let last)? = events.last else {
            Issue.record("the stream does not end with the result")
            return
        }
        #expect(last == result)
        guard case .jobStarted(let started)? = events.first(where: { $0.name == "job_started" }) else {
            Issue.record("no job_started event")
            return
        }
        #expect(started.bad == hashes[19] && started.good == hashes[0])
        let phases = events.compactMap { e -> BisectionProgress.Phase? in
            if case .phaseChanged(let p) = e { return p }
            return nil
        }
        #expect(phases == [.confirming, .bisecting, .checking])
        // Every test call: chosen, then its runs one by one, then the call's end with their count.
        var pending: [String: Int] = [:]
        var runs = 0
        var calls = 0
        for e in events {
            switch e {
            case .revisionChosen(let commit, _, let reason):
                #expect(!reason.isEmpty)
                pending[commit] = 0
            case .runFinished(let commit, _):
                #expect(pending[commit] != nil, "a run outside a test call")
                pending[commit, default: 0] += 1
                runs += 1
            case .testFinished(let commit, let n, _):
                #expect(pending[commit] == n, "the test call's runs were not each reported")
                pending[commit] = nil
                calls += 1
            default: break
            }
        }
        #expect(runs == result.testRuns && calls > 0)
        let verdicts = events.filter { $0.name == "verdict" }.count
        #expect(verdicts > 0)
        let builds = events.filter { $0.name == "build_finished" }.count
        #expect(builds == result.builds && events.filter { $0.name == "build_started" }.count == builds)
    }

    @Test func runsAreRecordedAsTheyEndNotPerBatch() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(16) { $0 == 9 ? ["bug": "1"] : [:] }
        let inner = ScriptedTester()
        // The first test call dies after three of its eight runs have ended (as a kill would).
        let interrupted = InterruptedTester(inner: inner, after: 3)
        let error = await #expect(throws: CulpritError.self) {
            _ = try await Self.run(repo, bad: hashes[15], good: hashes[0], tester: interrupted)
        }
        #expect(error?.code == .cancelled)
        #expect(inner.made.withLock { $0 }.count == 3)
        let (result, events) = try await Self.run(repo, bad: hashes[15], good: hashes[0], tester: inner)
        #expect(result.culprit?.hash == hashes[9])
        #expect(events.text.contains("3 runs recorded, not redone"))
        let made = inner.made.withLock { $0 }
        #expect(Set(made).count == made.count, "a run that had ended was made again")
        #expect(result.testRuns == made.count)
    }

    @Test func jobIDIsTheSameForAnotherCloneOfTheRepository() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(8) { $0 == 5 ? ["bug": "1"] : [:] }
        let clone = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-clone-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try await repo.git("clone", "-q", repo.path, clone)
        let (here, _) = try await Self.run(repo, bad: hashes[7], good: hashes[0])
        let (there, _) = try await Self.run(
            GitRepository(existing: clone), bad: hashes[7], good: hashes[0])
        #expect(here.stateDirectory != there.stateDirectory)
        #expect(
            URL(fileURLWithPath: here.stateDirectory).lastPathComponent
                == URL(fileURLWithPath: there.stateDirectory).lastPathComponent)
    }
}

/// Passes runs through to `inner` and throws, as a kill would end the process, once `after` runs
/// of its first call have ended.
final class InterruptedTester: Tester {
    let inner: ScriptedTester
    let after: Int

    init(inner: ScriptedTester, after: Int) {
        self.inner = inner
        self.after = after
    }

    func test(_ request: TestRequest, onRun: @escaping @Sendable (RunResult) throws -> Void) async throws
        -> [RunResult]
    {
        let seen = Mutex(0)
        return try await inner.test(request) { run in
            try onRun(run)
            let n = seen.withLock {
                $0 += 1
                return $0
            }
            if n >= self.after { throw CulpritError(.cancelled, "killed after \(n) runs") }
        }
    }
}
