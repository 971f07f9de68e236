import Model

/// The rule for confirming the crash on the bad revision before bisecting: how many runs, and
/// whether it reproduced. Shared by the driver and the simulator.
public enum Confirmation {
    /// Runs to add on the bad revision given what it showed so far; nil when done.
    /// The default strategy runs the base count, then up to twice it unless every run crashed
    /// (and four times when nothing crashed, since a rare crash needs more tries); today's
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
            if e.runs == 0 { return base }
            // Every run crashed: the reproducer is reliable and the signature is seen; enough.
            if e.crashCount == e.runs { return nil }
            if e.runs < 2 * base { return 2 * base - e.runs }
            if e.crashCount == 0 && e.runs < 4 * base { return 4 * base - e.runs }
            return nil
        }
    }

    /// Whether the runs on the bad revision showed a crash to bisect.
    public static func isReproducible(_ e: RevisionEvidence) -> Bool { e.crashCount > 0 }

    /// Whether the runs on the bad revision showed a crash to bisect by the strategy's rule:
    /// today's syzkaller rule needs a bad verdict (enough crashes), the others one crash.
    public static func isReproducible(_ e: RevisionEvidence, strategy: Strategy) -> Bool {
        strategy == .syzkaller ? SyzkallerRule.verdict(e, flaky: false) == true : isReproducible(e)
    }
}
