import BisectCore
import Model
import VCS

extension BisectionSession {
    /// When --good is not an ancestor of --bad (a branch that forked before the crash came and
    /// fixed it later), the range `bad --not good` leaves out the merge base(s), so a crash
    /// already present there would be blamed on a later commit. Tests each merge base, as
    /// `git bisect` does; returns an inconclusive result when one crashes.
    mutating func checkMergeBases() async throws -> BisectionResult? {
        guard config.mode == .cause, let good, try await !repository.isAncestor(good, of: bad) else { return nil }
        let bases = try await repository.mergeBases(good, bad)
        guard !bases.isEmpty else {
            throw CulpritError.badInput(
                "--good \(good) and --bad \(bad) have no common history: give a --good revision from the history of --bad")
        }
        for base in bases {
            line("the good revision \(good) is not an ancestor of \(bad): testing their merge base \(base)")
            let reason = "the merge base of the good and the bad revision, outside the range"
            guard let results = try await test(base, runs: 2 * config.runs, reason: reason) else {
                let why =
                    "the merge base \(base) of --good and --bad does not build, so whether the crash is older than it "
                    + "cannot be told: give a --good revision that is an ancestor of \(bad)"
                line(why)
                return result(outcome: .inconclusive, conclusion: nil, reason: why)
            }
            var evidence = RevisionEvidence()
            for r in results { evidence.add(r.outcome) }
            let p = CrashModel(signature: signature).bugProbability(evidence, calibratedOn: journal.evidence(of: bad))
            if p >= 0.5 {
                let why =
                    "the merge base \(base) is bad (the crash shows there too, probability \(BisectionLog.percent(p))): "
                    + "the crash is older than it, and was fixed between \(base) and \(good). No commit in \(good)..\(bad) "
                    + "introduced it. To find the fix, bisect with --fix --bad \(base) --good \(good); to find where it "
                    + "came from, give a --good that is an ancestor of \(base)"
                line("# git bisect bad \(base)")
                line(why)
                var r = result(outcome: .inconclusive, conclusion: nil, reason: why)
                r.warnings = [why]
                return r
            }
            line("# git bisect good \(base)")
        }
        return nil
    }
}
