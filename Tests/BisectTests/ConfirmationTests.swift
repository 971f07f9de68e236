import Bisect
import Foundation
import Model
import Support
import TestSupport
import Testing

@testable import BisectCore

/// The adaptive confirmation of the crash on the bad revision: a reliable reproducer is
/// confirmed in a few runs, a flaky one keeps its runs.
struct ConfirmationTests {
    static let options = BisectCore.Options()

    /// The runs the default strategy makes on the bad revision when its runs go as `outcome` says.
    static func confirmationRuns(_ options: BisectCore.Options = options, _ outcome: (Int) -> RunOutcome) -> Int {
        var e = RevisionEvidence()
        while let k = Confirmation.moreRuns(after: e, strategy: .bayes, options: options) {
            for _ in 0..<k { e.add(outcome(e.runs)) }
        }
        return e.runs
    }

    static let crash = RunOutcome.crashed(title: "KASAN: use-after-free Read in f", report: nil)

    @Test func aReliableReproducerIsConfirmedInAFewRuns() {
        let first = Confirmation.firstRuns(Self.options)
        #expect(first >= 3 && first < Self.options.runs, "a few runs, fewer than the base \(Self.options.runs)")
        #expect(Self.confirmationRuns { _ in Self.crash } == first, "every run crashed: no second batch")
        // One crash in a row is not enough to know the reproducer is reliable.
        let once = RevisionEvidence(crashes: [Self.crash.title!: 1])
        #expect(Confirmation.moreRuns(after: once, strategy: .bayes, options: Self.options) != nil)
    }

    @Test func aFlakyReproducerIsNotConfirmedEarly() {
        // A clean run in the first batch: the runs go on to twice the base runs, as before the
        // first batch was adaptive.
        #expect(Self.confirmationRuns { $0 % 2 == 0 ? Self.crash : .ok } == 2 * Self.options.runs)
        #expect(Self.confirmationRuns { $0 == 3 ? .ok : Self.crash } == 2 * Self.options.runs)
        #expect(Self.confirmationRuns { $0 % 5 == 0 ? Self.crash : .ok } == 2 * Self.options.runs)
        // Never beyond twice the base runs once it crashed, nor four times while nothing crashed.
        #expect(Self.confirmationRuns { $0 % 9 == 8 ? Self.crash : .ok } <= 2 * Self.options.runs)
        #expect(Self.confirmationRuns { _ in .ok } == 4 * Self.options.runs)
    }

    @Test func moreRunsAreWorthMoreWhenTheCrashProbabilityIsUncertain() {
        let title = Self.crash.title!
        let sure = RevisionEvidence(crashes: [title: 6])
        let unsure = RevisionEvidence(ok: 3, crashes: [title: 3])
        #expect(Confirmation.valuableRuns(after: sure, options: Self.options, limit: 10) == nil)
        #expect((Confirmation.valuableRuns(after: unsure, options: Self.options, limit: 10) ?? 0) > 0)
    }

    @Test func theTestersParallelRunsMakeTheFirstBatch() {
        var options = Self.options
        options.minimumRuns = 6
        #expect(Confirmation.firstRuns(options) >= 6)
        #expect(Self.confirmationRuns(options) { _ in Self.crash } == Confirmation.firstRuns(options))
    }

    /// A release (or a candidate config) tested against a reliable reproducer starts with the few
    /// runs that, all clean, call the bug absent; against a flaky one with the base runs.
    @Test func aCheckAgainstAReliableReproducerStartsWithFewRuns() {
        let title = Self.crash.title!
        let signature = Signature(titles: [title: 5])
        let reliable = RevisionEvidence(crashes: [title: 5])
        let first = ReproductionCheck.firstRuns(reference: reliable, signature: signature, runs: 8, confidence: 0.95)
        #expect(first >= 2 && first < 8)
        let decide = { (e: RevisionEvidence, reference: RevisionEvidence) in
            ReproductionCheck.decide(e, reference: reference, signature: signature, runs: 8, confidence: 0.95)
        }
        #expect(decide(RevisionEvidence(), reliable) == .more(first))
        guard case .absent = decide(RevisionEvidence(ok: first), reliable) else {
            Issue.record("\(first) clean runs against 5 crashes in 5 should call the bug absent")
            return
        }
        let flaky = RevisionEvidence(ok: 13, crashes: [title: 3])
        #expect(decide(RevisionEvidence(), flaky) == .more(8))
    }

    /// The driver confirms with the same rule: a crash on every run of the bad revision takes
    /// the first batch only, and the bisection is still right.
    @Test func theDriverStopsConfirmingAReliableCrash() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(40) { $0 == 23 ? ["bug": "1"] : [:] }
        let tester = ScriptedTester()
        let (result, _) = try await BisectionTests.run(repo, bad: hashes[39], good: hashes[0], tester: tester)
        #expect(result.outcome == .found && result.culprit?.hash == hashes[23])
        let onBad = tester.made.withLock { $0 }.filter { $0.hasPrefix(hashes[39] + "#") }.count
        #expect(onBad == Confirmation.firstRuns(Self.options))
    }
}

extension RunOutcome {
    fileprivate var title: String? {
        if case .crashed(let title, _) = self { return title }
        return nil
    }
}
