import Model

/// Today's syzkaller bisection rule, as a pure function of one revision's runs (written from its
/// public description; see `docs/architecture.md`).
///
/// - The start commit gets ``startRuns`` runs, every other revision ``runs``, or ``flakyRuns``
///   once the reproducer has looked flaky: a bad verdict with fewer than half the runs crashing.
/// - Bad: at least max(2, runs/6) crashes, and at least half the runs gave a result.
/// - Good: no crash, and at least half the runs (three quarters once flaky) were clean.
/// - Anything else is a skip. Transient crash types (the test machine's connection lost, the
///   fuzzer's own executor failing) and runs that gave no result (boot failures, cannot test,
///   infrastructure) are neither crashes nor clean runs.
public enum SyzkallerRule {
    /// Runs on the start commit (the bad revision).
    public static let startRuns = 20
    /// Runs per revision.
    public static let runs = 10
    /// Runs per revision once the reproducer looked flaky.
    public static let flakyRuns = 20

    /// Crash titles that say the test infrastructure failed, not the program under test.
    static let transientPrefixes = ["lost connection to test machine", "SYZFAIL", "SYZFATAL"]

    /// Whether a crash with this title is transient (ignored by the rule).
    public static func isTransient(_ title: String) -> Bool {
        transientPrefixes.contains { title.hasPrefix($0) }
    }

    /// Runs per revision given whether the reproducer looked flaky so far.
    public static func runs(flaky: Bool) -> Int { flaky ? flakyRuns : runs }

    /// The counts the rule looks at: all runs, crashes that count, clean runs.
    static func counts(_ e: RevisionEvidence) -> (total: Int, crashes: Int, clean: Int) {
        let crashes = e.crashes.reduce(0) { isTransient($1.key) ? $0 : $0 + $1.value }
        return (e.runs, crashes, e.ok)
    }

    /// The verdict on a revision's runs: true = the crash is there (bad), false = it is not
    /// (good), nil = skip.
    public static func verdict(_ e: RevisionEvidence, flaky: Bool) -> Bool? {
        let (total, crashes, clean) = counts(e)
        guard total > 0 else { return nil }
        if crashes >= max(2, total / 6) && 2 * (crashes + clean) >= total { return true }
        if crashes == 0 && (flaky ? 4 * clean >= 3 * total : 2 * clean >= total) { return false }
        return nil
    }

    /// Whether these runs make the reproducer look flaky: a bad verdict with fewer than half the
    /// runs crashing.
    public static func looksFlaky(_ e: RevisionEvidence) -> Bool {
        let (total, crashes, _) = counts(e)
        return verdict(e, flaky: false) == true && 2 * crashes < total
    }
}
