import BisectCore
import Model
import VCS

extension BisectionSession {
    /// When the older end of the range is not an ancestor of the newer end, the range
    /// (`newer --not older`) leaves out their merge base(s), and what holds there decides whether
    /// any commit in the range can be the answer. Tests each merge base, as `git bisect` does, and
    /// returns an inconclusive result that says why when one contradicts the range:
    /// - cause bisection (`--good` older, clean; `--bad` newer, crashing): a crashing merge base
    ///   means the crash is older than the fork and was fixed on the good side; no commit in the
    ///   range introduced it.
    /// - fix bisection (`--bad` older, crashing; `--good` newer, fixed): a clean merge base means
    ///   the crash came on the bad side after the fork; no commit in the range fixed it.
    mutating func checkMergeBases() async throws -> BisectionResult? {
        guard let good else { return nil }
        let cause = config.mode == .cause
        let (older, newer) = cause ? (good, bad) : (bad, good)
        guard try await !repository.isAncestor(older, of: newer) else { return nil }
        let bases = try await repository.mergeBases(older, newer)
        guard !bases.isEmpty else {
            throw CulpritError.badInput(
                cause
                    ? "--good \(good) and --bad \(bad) have no common history: give a --good revision from the history of --bad"
                    : "--bad \(bad) and --good \(good) have no common history: in a fix bisection give a --bad revision "
                        + "from the history of --good")
        }
        for base in bases {
            line(
                cause
                    ? "the good revision \(good) is not an ancestor of \(bad): testing their merge base \(base)"
                    : "the crashing revision \(bad) is not an ancestor of the fixed one \(good): testing their merge base \(base)"
            )
            let reason = "the merge base of the good and the bad revision, outside the range"
            guard let results = try await test(base, runs: 2 * config.runs, reason: reason) else {
                let why =
                    "the merge base \(base) of --good and --bad does not build, so whether the crash is "
                    + (cause ? "older than it" : "there") + " cannot be told: give "
                    + (cause ? "a --good revision that is an ancestor of \(bad)" : "a --bad revision that is an ancestor of \(good)")
                line(why)
                return result(outcome: .inconclusive, conclusion: nil, reason: why)
            }
            var evidence = RevisionEvidence()
            for r in results { evidence.add(r.outcome) }
            let p = CrashModel(signature: signature).bugProbability(evidence, calibratedOn: journal.evidence(of: bad))
            let crashes = p >= 0.5
            line("# git bisect \(crashes ? "bad" : "good") \(base)")
            // What the range needs at its base: clean for a cause, crashing for a fix.
            if crashes != cause { continue }
            let why =
                cause
                ? "the merge base \(base) is bad (the crash shows there too, probability \(BisectionLog.percent(p))): "
                    + "the crash is older than it, and was fixed between \(base) and \(good). No commit in \(good)..\(bad) "
                    + "introduced it. To find the fix, bisect with --fix --bad \(base) --good \(good); to find where it "
                    + "came from, give a --good that is an ancestor of \(base)"
                : "the merge base \(base) is clean (the crash does not show there, probability of the bug "
                    + "\(BisectionLog.percent(p))): the crash came between \(base) and \(bad), on a line of history "
                    + "\(good) does not contain, so no commit in \(bad)..\(good) fixed it. To find where it came from, "
                    + "bisect the cause with --bad \(bad) --good \(base); for a fix, give a --good that contains \(bad)"
            line(why)
            var r = result(outcome: .inconclusive, conclusion: nil, reason: why)
            r.warnings.insert(why, at: 0)
            return r
        }
        return nil
    }
}
