import Model

/// Whether runs on one build show the bug, judged against the bad revision's runs: the rule the
/// release walk uses for a release and config minimization for a candidate config. The bug's
/// crash probability is learned from the reference runs (``CrashModel/bugProbability(_:calibratedOn:)``);
/// the build is called one way only when the other is at most a fifth of the doubt the final
/// answer may carry, and otherwise gets more runs, up to six times the base count. The first
/// batch is the fewest runs that could settle it (``firstRuns(reference:signature:runs:confidence:)``).
public enum ReproductionCheck {
    /// What the runs so far say.
    public enum Decision: Sendable, Hashable {
        /// The bug is there with this probability (at least 1 - doubt).
        case present(Double)
        /// The bug is there with this probability only (at most the doubt).
        case absent(Double)
        /// Run this many more times.
        case more(Int)
        /// The run limit is reached and neither side is clear: the probability the bug is there.
        case undecided(Double)
    }

    /// The doubt allowed on one side of a call: a fifth of what the final answer may carry.
    public static func doubt(confidence: Double) -> Double { max(0.001, (1 - confidence) / 5) }

    /// The most runs one build gets.
    public static func limit(runs: Int) -> Int { 6 * max(runs, 1) }

    /// The decision for `evidence`, the runs on the build under test, given the bad revision's
    /// `reference` runs and the bug's `signature`.
    public static func decide(
        _ evidence: RevisionEvidence, reference: RevisionEvidence, signature: Signature, runs: Int,
        confidence: Double
    ) -> Decision {
        let p = CrashModel(signature: signature).bugProbability(evidence, calibratedOn: reference)
        let doubt = doubt(confidence: confidence)
        let limit = limit(runs: runs)
        if evidence.evidentialRuns > 0 {
            if p > 1 - doubt { return .present(p) }
            if p < doubt { return .absent(p) }
        }
        if evidence.runs >= limit { return .undecided(p) }
        if evidence.runs == 0 {
            return .more(firstRuns(reference: reference, signature: signature, runs: runs, confidence: confidence))
        }
        return .more(min(max(runs, 1), limit - evidence.runs))
    }

    /// The first batch on a build: the fewest runs that, all clean, would call the bug absent
    /// (a reliable reproducer needs few: 4 after 5 crashes in 5 runs on the bad revision), at
    /// most the base count.
    public static func firstRuns(
        reference: RevisionEvidence, signature: Signature, runs: Int, confidence: Double
    ) -> Int {
        let model = CrashModel(signature: signature)
        let doubt = doubt(confidence: confidence)
        let base = max(runs, 1)
        for n in 1..<base where model.bugProbability(RevisionEvidence(ok: n), calibratedOn: reference) < doubt {
            return n
        }
        return base
    }
}
