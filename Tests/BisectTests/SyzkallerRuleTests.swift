import BisectCore
import Foundation
import Instance
import Model
import Testing

@testable import Bisect

/// Today's syzkaller rule: its counts, its flaky mode, and the core driving it.
struct SyzkallerRuleTests {
    static let crash = RunOutcome.crashed(title: "KASAN: use-after-free Read in f", report: nil)
    static let lost = RunOutcome.crashed(title: "lost connection to test machine", report: nil)
    static let boot = RunOutcome.bootFailed(reason: "no console")

    static func runs(_ parts: (RunOutcome, Int)...) -> RevisionEvidence {
        var e = RevisionEvidence()
        for (o, n) in parts { for _ in 0..<n { e.add(o) } }
        return e
    }

    @Test func verdictCountsCrashesAndCleanRuns() {
        let v = SyzkallerRule.verdict
        #expect(v(Self.runs((Self.crash, 2), (.ok, 8)), false) == true, "2 crashes in 10: bad")
        #expect(v(Self.runs((Self.crash, 1), (.ok, 9)), false) == nil, "1 crash in 10: below max(2, 10/6)")
        #expect(v(Self.runs((.ok, 10)), false) == false)
        #expect(v(Self.runs((Self.crash, 2), (.ok, 18)), false) == nil, "20 runs need 3 crashes")
        #expect(v(Self.runs((Self.crash, 3), (.ok, 17)), false) == true)
        #expect(v(Self.runs((Self.crash, 3), (Self.boot, 11), (.ok, 6)), false) == nil, "fewer than half gave a result")
        #expect(v(Self.runs((.ok, 5), (Self.boot, 5)), false) == false, "half clean is good")
        #expect(v(Self.runs((.ok, 5), (Self.boot, 5)), true) == nil, "once flaky, good needs three quarters clean")
        #expect(v(Self.runs((.ok, 8), (Self.boot, 2)), true) == false)
    }

    @Test func transientCrashesAreNeitherCrashesNorClean() {
        #expect(SyzkallerRule.isTransient("lost connection to test machine"))
        #expect(SyzkallerRule.isTransient("SYZFAIL: failed to recv rpc"))
        #expect(!SyzkallerRule.isTransient("KASAN: use-after-free Read in f"))
        #expect(SyzkallerRule.verdict(Self.runs((.ok, 8), (Self.lost, 2)), flaky: false) == false)
        #expect(SyzkallerRule.verdict(Self.runs((Self.lost, 10)), flaky: false) == nil)
        #expect(SyzkallerRule.verdict(Self.runs((Self.crash, 1), (Self.lost, 3), (.ok, 6)), flaky: false) == nil)
    }

    @Test func aBadVerdictWithFewCrashesLooksFlaky() {
        #expect(SyzkallerRule.looksFlaky(Self.runs((Self.crash, 4), (.ok, 6))))
        #expect(!SyzkallerRule.looksFlaky(Self.runs((Self.crash, 5), (.ok, 5))))
        #expect(!SyzkallerRule.looksFlaky(Self.runs((Self.crash, 1), (.ok, 19))), "not bad, so not flaky")
    }

    static func core() -> BisectCore {
        BisectCore(
            dag: CommitDAG.linear(64), mode: .cause, strategy: .syzkaller,
            signature: Signature(titles: ["KASAN: use-after-free Read in f": 6]), options: BisectCore.Options())
    }

    @Test func startCommitGetsTwentyRunsAndAFlakyOneDoublesTheRest() {
        let options = BisectCore.Options()
        #expect(Confirmation.moreRuns(after: RevisionEvidence(), strategy: .syzkaller, options: options) == 20)
        let once = Self.runs((Self.crash, 1), (.ok, 19))
        #expect(Confirmation.moreRuns(after: once, strategy: .syzkaller, options: options) == nil)
        #expect(!Confirmation.isReproducible(once, strategy: .syzkaller), "one crash in 20 is no bad verdict")
        #expect(Confirmation.isReproducible(once, strategy: .syzbot2019))

        var steady = Self.core()
        steady.record(Array(repeating: Self.crash, count: 20), at: 63)
        guard case .test(_, 10, false) = steady.nextAction() else {
            Issue.record("a reliable reproducer: 10 runs per revision, all of them made")
            return
        }
        var flaky = Self.core()
        flaky.record(Array(repeating: Self.crash, count: 6) + Array(repeating: .ok, count: 14), at: 63)
        #expect(flaky.reproducerLooksFlaky)
        guard case .test(let node, 20, false) = flaky.nextAction() else {
            Issue.record("a flaky reproducer: 20 runs per revision")
            return
        }
        #expect((28...35).contains(node), "git-bisect midpoint, got \(node)")
    }

    @Test func verdictsAreJudgedWhenMadeNotRewritten() {
        var core = Self.core()
        core.record(Array(repeating: Self.crash, count: 20), at: 63)
        // Good by the steady rule: no crash, 6 of 10 clean.
        core.record(Array(repeating: .ok, count: 6) + Array(repeating: Self.boot, count: 4), at: 20)
        #expect(core.ruleVerdict(20) == false)
        // A bad verdict with 3 of 10 crashing makes the reproducer look flaky from now on.
        core.record(Array(repeating: Self.crash, count: 3) + Array(repeating: .ok, count: 7), at: 40)
        #expect(core.reproducerLooksFlaky && core.ruleVerdict(40) == true)
        #expect(core.ruleVerdict(20) == false, "the earlier good verdict stands")
        core.record(Array(repeating: .ok, count: 12) + Array(repeating: Self.boot, count: 8), at: 30)
        #expect(core.ruleVerdict(30) == nil, "12 of 20 clean is a skip once flaky")
        #expect(core.ruleRemainingCount() == 20, "21...40 left: 30 was skipped")
    }

    @Test func strategyNamesAndTheDeprecatedAlias() throws {
        #expect(Strategy(name: "syzbot") == .syzbot2019)
        #expect(Strategy(name: "syzkaller") == .syzkaller)
        #expect(Strategy(name: "git") == nil)
        let old = try JSONDecoder().decode([Strategy].self, from: Data(#"["syzbot","syzbot-2019","bayes"]"#.utf8))
        #expect(old == [.syzbot2019, .syzbot2019, .bayes])
        #expect(String(decoding: try JSONEncoder().encode([Strategy.syzbot2019]), as: UTF8.self) == #"["syzbot-2019"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Strategy].self, from: Data(#"["x"]"#.utf8)) }
    }
}
