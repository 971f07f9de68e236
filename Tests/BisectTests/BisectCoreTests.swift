import BisectCore
import Instance
import Model
import Support
import Testing

@testable import Bisect
@testable import Lab

/// The decision core on small DAGs, driven by synthetic ground truth with seeded randomness.
struct BisectCoreTests {
    static let options = BisectCore.Options()

    /// Linear history 0...n-1 (node 0's parent is the good boundary).
    static func linear(_ n: Int) -> CommitDAG { CommitDAG.linear(n) }

    /// Mainline m0..m5, a side branch b0..b3 forked at m1 and merged as node M, then m6, m7.
    ///   0:m0 1:m1 2:b0 3:b1 4:b2 5:b3 6:m2 7:m3 8:m4 9:m5 10:M(m5,b3) 11:m6 12:m7
    static func merges() throws -> CommitDAG {
        let parents: [[Int]] = [[], [0], [1], [2], [3], [4], [1], [6], [7], [8], [9, 5], [10], [11]]
        return try CommitDAG(ids: parents.indices.map { "n\($0)" }, parents: parents)
    }

    static func bisect(
        _ h: SyntheticHistory, _ strategy: Strategy = .bayes, seed: UInt64 = 7,
        options: BisectCore.Options = options
    ) -> Simulator.Outcome {
        var rng = SplitMix64(seed: seed)
        return Simulator.bisect(h, strategy: strategy, options: options, rng: &rng)
    }

    @Test func ancestorSetsFollowTheDAG() throws {
        let dag = try Self.merges()
        #expect(dag.isAncestor(3, of: 10))  // branch commit reaches the merge
        #expect(!dag.isAncestor(3, of: 9))  // but not the mainline before the merge
        #expect(dag.isAncestor(1, of: 5) && dag.isAncestor(1, of: 9))
        #expect(dag.ancestorCount(12) == 13)
        #expect(dag.isMerge(10) && !dag.isMerge(9))
        #expect(throws: (any Error).self) { try CommitDAG(ids: ["a", "b"], parents: [[1], []]) }
        #expect(throws: (any Error).self) { try CommitDAG(ids: [], parents: []) }
    }

    @Test(arguments: [Strategy.bayes, .syzkaller, .syzbot2019])
    func linearDeterministicFindsEveryCulprit(strategy: Strategy) {
        for culprit in [0, 1, 17, 30, 62, 63] {
            let h = SyntheticHistory(dag: Self.linear(64), shape: .linear, culprit: culprit, p: 1, q: 0)
            let r = Self.bisect(h, strategy)
            #expect(r.kind == .found && r.culprit == culprit, "culprit \(culprit): \(r)")
            #expect(r.builds <= 12, "log2(64) = 6 builds expected, got \(r.builds)")
        }
    }

    @Test(arguments: [Strategy.bayes, .syzkaller, .syzbot2019])
    func mergesFindCulpritOnBranchAndMainline(strategy: Strategy) throws {
        let dag = try Self.merges()
        for culprit in [2, 4, 7, 10, 12] {
            let h = SyntheticHistory(dag: dag, shape: .merges, culprit: culprit, p: 1, q: 0)
            let r = Self.bisect(h, strategy)
            #expect(r.kind == .found && r.culprit == culprit, "culprit \(culprit): \(r)")
        }
    }

    @Test func skippedCulpritGivesCandidatesNotAConfidentAnswer() {
        // Nodes 20...24 do not build and the culprit is 25: 20...25 are indistinguishable.
        let h = SyntheticHistory(
            dag: Self.linear(64), shape: .linear, culprit: 25, p: 1, q: 0, broken: Set(20...24))
        let r = Self.bisect(h)
        #expect(r.kind == .inconclusive)
        #expect(r.confidence < 0.5)
        var core = BisectCore(
            dag: h.dag, mode: .cause, strategy: .bayes, signature: Signature(titles: ["bug": 4]), options: Self.options)
        for node in [19, 25] {
            core.recordBuild(node: node, succeeded: true)
            let bug = node >= 25
            core.record(Array(repeating: bug ? .crashed(title: "bug", report: nil) : .ok, count: 12), at: node)
        }
        for node in 20...24 { core.recordBuild(node: node, succeeded: false) }
        // More runs on 19 or 25 may still be asked for (a revision may reproduce less often than
        // the bad one); the answer must stay a candidate list whatever they show.
        var conclusion: BisectCore.Conclusion?
        for _ in 0..<1000 {
            switch core.nextAction() {
            case .finish(let c): conclusion = c
            case .test(let node, let k, _):
                let bug = node >= 25
                core.record(Array(repeating: bug ? .crashed(title: "bug", report: nil) : .ok, count: k), at: node)
            }
            if conclusion != nil { break }
        }
        guard let c = conclusion else {
            Issue.record("expected the core to stop: nothing informative is left")
            return
        }
        #expect(c.outcome == .inconclusive)
        #expect(Set(c.candidates.map(\.node)) == Set(20...25))
        #expect(abs(c.candidates.map(\.probability).reduce(0, +) - 1) < 0.01)
    }

    @Test func syzbotSkipsBrokenAndNamesTheRange() {
        let h = SyntheticHistory(
            dag: Self.linear(64), shape: .linear, culprit: 25, p: 1, q: 0, broken: Set(20...24))
        let r = Self.bisect(h, .syzbot2019)
        #expect(r.kind == .inconclusive)
        let ok = SyntheticHistory(
            dag: Self.linear(64), shape: .linear, culprit: 40, p: 1, q: 0, broken: Set(20...24))
        #expect(Self.bisect(ok, .syzbot2019).culprit == 40)
        #expect(Self.bisect(ok).culprit == 40)
    }

    @Test func flakyReproducerStaysRightAndSaysWhenUnsure() {
        var right = 0
        var confidentlyWrong = 0
        for seed in 0..<20 as Range<UInt64> {
            let culprit = Int(seed * 7 % 60)
            let h = SyntheticHistory(dag: Self.linear(60), shape: .linear, culprit: culprit, p: 0.3, q: 0)
            let r = Self.bisect(h, seed: seed)
            if r.correct { right += 1 }
            if r.kind == .found && !r.correct { confidentlyWrong += 1 }
        }
        #expect(right >= 17, "right \(right)/20")
        #expect(confidentlyWrong <= 1)
    }

    @Test func unrelatedCrashesDoNotFoolTheDefaultStrategy() {
        var bayes = 0
        var syzbot = 0
        for seed in 0..<20 as Range<UInt64> {
            let culprit = Int(seed * 11 % 100)
            let h = SyntheticHistory(dag: Self.linear(100), shape: .linear, culprit: culprit, p: 1, q: 0.1)
            if Self.bisect(h, seed: seed).correct { bayes += 1 }
            if Self.bisect(h, .syzbot2019, seed: seed).correct { syzbot += 1 }
        }
        #expect(bayes >= 19, "default right \(bayes)/20")
        #expect(syzbot < bayes, "syzbot right \(syzbot)/20: any crash = bad should be misled")
    }

    @Test(arguments: [Strategy.bayes, .syzkaller, .syzbot2019])
    func fixModeFindsTheFix(strategy: Strategy) throws {
        for fix in [0, 9, 33, 63] {
            let h = SyntheticHistory(dag: Self.linear(64), shape: .linear, mode: .fix, culprit: fix, p: 1, q: 0)
            #expect(!h.hasBug(63) && h.hasBug(fix == 0 ? 0 : fix - 1) == (fix != 0))
            let r = Self.bisect(h, strategy)
            #expect(r.kind == .found && r.culprit == fix, "fix \(fix): \(r)")
        }
        let h = SyntheticHistory(dag: try Self.merges(), shape: .merges, mode: .fix, culprit: 4, p: 0.6, q: 0)
        #expect(Self.bisect(h, strategy).culprit == 4)
    }

    @Test func notReproducibleWhenTheBadRevisionNeverCrashes() {
        let h = SyntheticHistory(dag: Self.linear(10), shape: .linear, culprit: 3, p: 0, q: 0)
        let r = Self.bisect(h)
        #expect(r.kind == .notReproducible)
        #expect(r.runs == 4 * Self.options.runs, "confirmation tries 4x the base runs before giving up")
    }

    @Test func signatureCrashIsStrongEvidenceOtherCrashWeak() {
        let signature = Signature(titles: ["KASAN: use-after-free Read in f": 12, "INFO: rcu detected stall": 4])
        func probabilityBuggyAfter(_ outcomes: [RunOutcome]) -> Double {
            var core = BisectCore(
                dag: Self.linear(3), mode: .cause, strategy: .bayes, signature: signature, options: Self.options)
            // The bad revision crashes about half the time.
            core.record(
                Array(repeating: .crashed(title: "KASAN: use-after-free Read in f", report: nil), count: 8)
                    + Array(repeating: .ok, count: 8), at: 2)
            core.record(outcomes, at: 1)
            return core.bugProbability(at: 1)
        }
        let none = probabilityBuggyAfter([])
        let signatureCrash = probabilityBuggyAfter([.crashed(title: "INFO: rcu detected stall", report: nil)])
        let otherCrash = probabilityBuggyAfter([.crashed(title: "WARNING in something_else", report: nil)])
        let clean = probabilityBuggyAfter([.ok])
        let boot = probabilityBuggyAfter([.bootFailed(reason: "no ssh"), .cannotTest(reason: "125")])
        #expect(abs(none - 2.0 / 3) < 0.01)  // uniform prior: nodes 0 and 1 of 3 make node 1 buggy
        #expect(signatureCrash > 0.95)
        #expect(otherCrash > none, "\(otherCrash) vs \(none)")
        #expect(otherCrash < signatureCrash && otherCrash < 0.9, "\(otherCrash) vs \(signatureCrash)")
        #expect(clean < none)
        #expect(abs(boot - none) < 1e-9)  // no evidence
    }

    @Test func crashProbabilityIsLearned() {
        var core = BisectCore(
            dag: Self.linear(4), mode: .cause, strategy: .bayes, signature: Signature(titles: ["bug": 3]),
            options: Self.options)
        let crash = RunOutcome.crashed(title: "bug", report: nil)
        core.record([crash, crash, crash] + Array(repeating: .ok, count: 17), at: 3)
        #expect(abs(core.estimatedCrashProbability() - 0.15) < 0.06)
        core.record(Array(repeating: crash, count: 40), at: 3)
        #expect(core.estimatedCrashProbability() > 0.6)
    }

    @Test func defaultStrategyPicksMoreRunsForFlakyBugs() {
        func firstTest(_ crashes: Int, of runs: Int) -> Int {
            var core = BisectCore(
                dag: Self.linear(100), mode: .cause, strategy: .bayes, signature: Signature(titles: ["bug": crashes]),
                options: Self.options)
            core.recordBuild(node: 99, succeeded: true)
            core.record(
                Array(repeating: .crashed(title: "bug", report: nil), count: crashes)
                    + Array(repeating: .ok, count: runs - crashes), at: 99)
            guard case .test(let node, let k, _) = core.nextAction() else { return -1 }
            #expect(node > 20 && node < 80, "first test near the middle, got \(node)")
            return k
        }
        #expect(firstTest(8, of: 8) < firstTest(3, of: 16))
    }

    @Test func parallelTestersGetAtLeastTheirSlotsFilled() {
        var options = Self.options
        options.minimumRuns = 6
        let h = SyntheticHistory(dag: Self.linear(100), shape: .linear, culprit: 60, p: 1, q: 0)
        var rng = SplitMix64(seed: 1)
        let confirm = (0..<8).map { _ in h.run(99, rng: &rng) }
        var evidence = RevisionEvidence()
        for o in confirm { evidence.add(o) }
        var core = BisectCore(
            dag: h.dag, mode: .cause, strategy: .bayes, signature: Signature(evidence), options: options)
        core.recordBuild(node: 99, succeeded: true)
        core.record(confirm, at: 99)
        var tests = 0
        while case .test(let node, let k, _) = core.nextAction(), tests < 50 {
            #expect(k >= 6)
            core.recordBuild(node: node, succeeded: true)
            core.record((0..<k).map { _ in h.run(node, rng: &rng) }, at: node)
            tests += 1
        }
        guard case .finish(let c) = core.nextAction() else {
            Issue.record("expected the core to finish within 50 tests")
            return
        }
        #expect(c.culprit == 60)
    }

    @Test func syzbotPicksGitBisectMidpoints() {
        var core = BisectCore(
            dag: Self.linear(101), mode: .cause, strategy: .syzbot2019, signature: Signature(titles: ["bug": 1]),
            options: Self.options)
        core.record([.crashed(title: "bug", report: nil)], at: 100)
        guard case .test(let node, let k, let stop) = core.nextAction() else {
            Issue.record("expected a test")
            return
        }
        #expect(abs(node - 50) <= 1 && k == 10 && stop)
        core.record([.crashed(title: "another bug", report: nil)], at: node)  // any crash = bad
        guard case .test(let next, _, _) = core.nextAction() else {
            Issue.record("expected a second test")
            return
        }
        #expect(abs(next - node / 2) <= 1)
    }

    @Test func budgetStopsWithCandidates() {
        var options = Self.options
        options.maxRuns = 30
        let h = SyntheticHistory(dag: Self.linear(200), shape: .linear, culprit: 120, p: 0.2, q: 0)
        let r = Self.bisect(h, options: options)
        #expect(r.runs <= 30)
        #expect(r.kind == .inconclusive || r.correct)
    }
}
