import Model
import Synchronization

/// The rule for confirming the crash on the bad revision before bisecting: how many runs, and
/// whether it reproduced. Shared by the driver and the simulator.
public enum Confirmation {
    /// Runs to add on the bad revision given what it showed so far; nil when done.
    /// The default strategy starts with the fewest runs that would settle the crash probability
    /// if they all crashed (``firstRuns(_:)``: 5 with the defaults) and stops there when they
    /// did; otherwise it goes on to twice the base runs (four times when nothing crashed, since
    /// a rare crash needs more tries), as many as before the first batch was adaptive. Today's
    /// syzkaller rule runs its 20, the 2019 syzbot rule its 10.
    /// Never beyond the run budget.
    public static func moreRuns(after e: RevisionEvidence, strategy: Strategy, options: BisectCore.Options) -> Int? {
        guard let wanted = wantedRuns(after: e, strategy: strategy, options: options) else { return nil }
        let left = options.effectiveMaxRuns - e.runs
        return left > 0 ? min(wanted, left) : nil
    }

    static func wantedRuns(after e: RevisionEvidence, strategy: Strategy, options: BisectCore.Options) -> Int? {
        switch strategy {
        case .syzkaller:
            return e.runs == 0 ? SyzkallerRule.startRuns : nil
        case .syzbot2019:
            return e.runs == 0 ? options.syzbotRuns : nil
        case .bayes:
            let base = max(options.runs, 1)
            let first = firstRuns(options)
            if e.runs < first { return first - e.runs }
            // Every run crashed, and that many crashes in a row settle `p` near 1 (more runs
            // would not pay for themselves in the bisection): the signature is seen; enough.
            if e.crashCount == e.runs { return nil }
            if e.runs < 2 * base { return 2 * base - e.runs }
            if e.crashCount == 0 && e.runs < 4 * base { return 4 * base - e.runs }
            return nil
        }
    }

    /// The default strategy's first batch: the fewest runs (at least the tester's
    /// ``BisectCore/Options/minimumRuns``, at most the base runs) after which, if every one
    /// crashed, no more would be worth making.
    public static func firstRuns(_ options: BisectCore.Options) -> Int {
        if let known = firstRunsFound.withLock({ $0[options] }) { return known }
        let base = max(options.runs, 1)
        let fewest = min(max(options.minimumRuns, 1), base)
        var first = base
        for n in fewest..<base {
            let crashed = RevisionEvidence(crashes: ["crash": n])
            if valuableRuns(after: crashed, options: options, limit: 2 * base - n) == nil {
                first = n
                break
            }
        }
        firstRunsFound.withLock { $0[options] = first }
        return first
    }

    /// ``firstRuns(_:)`` by options (the simulator asks it for every history).
    private static let firstRunsFound = Mutex<[BisectCore.Options: Int]>([:])

    /// Whether the runs on the bad revision showed a crash to bisect.
    public static func isReproducible(_ e: RevisionEvidence) -> Bool { e.crashCount > 0 }

    /// Whether the runs on the bad revision showed a crash to bisect by the strategy's rule:
    /// today's syzkaller rule needs a bad verdict (enough crashes), the others one crash.
    public static func isReproducible(_ e: RevisionEvidence, strategy: Strategy) -> Bool {
        strategy == .syzkaller ? SyzkallerRule.verdict(e, flaky: false) == true : isReproducible(e)
    }
}
