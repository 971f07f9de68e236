import Foundation

/// The probabilistic model of the reproducer's runs on one revision, over a grid of unknowns.
///
/// On a revision with the bug, a run crashes with the bug's own crash with probability `p`
/// (unknown, learned); on any revision, an unrelated crash happens with probability `q`
/// (unknown, learned). The bug's crash shows one of the signature titles with the frequencies
/// seen when confirming, or a title never seen (probability 1/(C+1) after C signature crashes);
/// an unrelated crash rarely shows a signature title (`unrelatedSignatureShare`). So a crash
/// matching the signature is strong evidence of the bug, another crash weak evidence, and a clean
/// run evidence against it in proportion to `p`.
///
/// Two of real history's habits are part of the model, each weighed by the evidence rather than
/// assumed away:
/// - **Reproducibility varies along the history** (``Drift``). In cause mode, a *change commit*:
///   the buggy revisions that contain it crash with probability `p` (the bad revision, which
///   contains every commit of the range, defines `p`), the buggy revisions without it with
///   `p·r` (`r` in ``changeFactors``); a prior weight ``changePrior`` that there is such a commit,
///   uniform over the culprit's descendants, averaged over in the posterior (BisectCore+Drift).
///   So a stretch of old buggy revisions that all crash less often is one explanation, not a
///   coincidence of many revisions, and consistently clean old revisions do not read as clean
///   with confidence until enough runs rule it out. In fix mode, each buggy revision may
///   reproduce at `p/4` (`drift`, a small prior weight per revision).
/// - **Other frequent titles** (`candidates`, at most ``maximumCandidates``, so at most four
///   readings): each is either the bug under another name (a renamed or inlined function: on a
///   revision printing the other names, a share ``renamedShare`` of the buggy revisions a priori,
///   the bug's crashes show them, split evenly) or another bug (its crashes come at a rate of
///   their own on each revision, high on a stretch of its own and near zero elsewhere, whether or
///   not our bug is there, and say nothing about our bug). Every combination is a reading; its
///   prior comes from what the reports share (``CrashSketch``), and the posterior averages over
///   all of them.
///
/// The grid is (hypothesis, p, q), hypothesis-major.
public struct CrashModel: Sendable {
    /// Grid of the reproducer's crash probability on a buggy revision, with prior weights from a
    /// Beta(1, 1) prior (each point weighted by the width of its cell).
    static let pGrid: [Double] = [0.03, 0.06, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]
    /// Grid of the unrelated-crash rate, uniform prior.
    static let qGrid: [Double] = [0.01, 0.04, 0.15]
    /// Share of unrelated crashes whose title happens to be one of the signature's.
    static let unrelatedSignatureShare = 0.1
    /// Per-revision multipliers of the crash probability, with prior weights (fix mode).
    static let drift: [(factor: Double, weight: Double)] = [(1, 0.95), (0.25, 0.05)]
    /// Crash probability multipliers of the buggy revisions without the change commit, with prior
    /// weights (cause mode).
    static let changeFactors: [(factor: Double, weight: Double)] = [(0.5, 1.0 / 3), (0.25, 1.0 / 3), (0.125, 1.0 / 3)]
    /// Prior probability that a change commit lowers the reproducibility of the older buggy revisions.
    static let changePrior = 0.2
    /// Prior share of buggy revisions that print a candidate title when it is the bug's.
    static let renamedShare = 0.3
    /// On a revision printing a renamed title, share of the bug's crashes still printing the signature.
    static let renamedLeak = 0.02
    /// Probability that a crash with a title unknown to the model shows one given title.
    static let titleShare = 0.05
    /// Rates of another bug's crashes on one revision, with prior weights (mostly absent).
    static let otherBugRates: [(rate: Double, weight: Double)] = [
        (0.001, 0.9), (0.05, 0.025), (0.2, 0.025), (0.5, 0.025), (0.9, 0.025),
    ]
    /// Most other titles weighed as possibly the bug's.
    static let maximumCandidates = 2

    /// One reading of the other titles: which candidates are the bug's.
    struct Hypothesis: Sendable, Hashable {
        /// Bit j set: candidate j is the bug under another name.
        var sameBug: UInt8
        var logPrior: Double
        func isSame(_ j: Int) -> Bool { sameBug & (1 << UInt8(j)) != 0 }
    }

    let signature: Signature
    /// Other frequent titles weighed as possibly the bug's, with their prior probability of being it.
    let candidates: [(title: String, prior: Double)]
    /// Frequent titles whose reports share nothing with the bug's: other bugs, whose crashes
    /// mask the runs they end and say nothing about ours.
    let otherBugs: Set<String>
    let hypotheses: [Hypothesis]
    /// How reproducibility may vary across buggy revisions.
    public enum Drift: Sendable, Hashable {
        /// One crash probability on every buggy revision (the simple model).
        case none
        /// Each buggy revision may reproduce four times less often, on its own (fix mode).
        case perRevision
        /// The buggy revisions without a change commit may reproduce less often (cause mode).
        case changePoint
    }

    /// Whether and how reproducibility drift is part of the model.
    let drift: Drift
    /// Whether per-revision reproducibility drift is part of the model.
    var withDrift: Bool { drift == .perRevision }
    /// Grid points: (hypothesis, p, q), hypothesis-major.
    let points: [(h: Int, p: Double, q: Double)]
    let logPrior: [Double]
    /// Per-run probability of a crash showing one of the bug's titles (in each hypothesis), with
    /// and without the bug, per grid point and crash probability factor (``factors``).
    let signatureRatePresent: [[Double]]
    let signatureRateAbsent: [Double]
    private let shares: [String: Double]
    private let sOther: Double
    private let uSig: Double

    var gridCount: Int { points.count }
    /// Grid points per hypothesis.
    static var baseCount: Int { pGrid.count * qGrid.count }

    public init(
        signature: Signature, candidates: [(title: String, prior: Double)] = [], otherBugs: Set<String> = [],
        drift: Drift = .none
    ) {
        self.signature = signature
        self.candidates = candidates
        self.otherBugs = otherBugs
        self.drift = drift
        var hypotheses: [Hypothesis] = []
        for mask in 0..<(1 << candidates.count) {
            var lp = 0.0
            for (j, c) in candidates.enumerated() {
                let prior = min(max(c.prior, 0.001), 0.999)
                lp += mask & (1 << j) != 0 ? log(prior) : log(1 - prior)
            }
            hypotheses.append(Hypothesis(sameBug: UInt8(mask), logPrior: lp))
        }
        self.hypotheses = hypotheses
        let pg = Self.pGrid
        var widths: [Double] = []
        for (i, p) in pg.enumerated() {
            let lo = i == 0 ? 0 : (pg[i - 1] + p) / 2
            let hi = i == pg.count - 1 ? 1 : (pg[i + 1] + p) / 2
            widths.append(hi - lo)
        }
        var points: [(h: Int, p: Double, q: Double)] = []
        var logPrior: [Double] = []
        for (h, hyp) in hypotheses.enumerated() {
            for (i, p) in pg.enumerated() {
                for q in Self.qGrid {
                    points.append((h, p, q))
                    logPrior.append(hyp.logPrior + log(widths[i] / Double(Self.qGrid.count)))
                }
            }
        }
        self.points = points
        self.logPrior = logPrior
        let total = Double(signature.total)
        sOther = 1 / (total + 1)
        uSig = Self.unrelatedSignatureShare / Double(max(signature.titles.count, 1))
        var shares: [String: Double] = [:]
        for (title, count) in signature.titles { shares[title] = Double(count) / (total + 1) }
        self.shares = shares
        let sSig = signature.isEmpty ? 0 : total / (total + 1)
        let factors = Self.factors(drift).map(\.factor)
        signatureRatePresent = points.map { pt in
            let renamed = hypotheses[pt.h].sameBug != 0
            return factors.map { m in
                let p = pt.p * m
                let bugTitle = renamed ? sSig * (1 - Self.renamedShare) + Self.renamedShare : sSig
                return p * bugTitle + (1 - p) * pt.q * Self.unrelatedSignatureShare
            }
        }
        signatureRateAbsent = points.map { $0.q * Self.unrelatedSignatureShare }
    }

    /// The crash probability factors of `drift` with their weights: the first is 1 (the bad
    /// revision's `p`); per revision, the weights are the prior of each factor; with a change
    /// commit, those of the lower factors are given it.
    static func factors(_ drift: Drift) -> [(factor: Double, weight: Double)] {
        switch drift {
        case .none: [(1, 1)]
        case .perRevision: Self.drift
        case .changePoint: [(1, 0)] + changeFactors
        }
    }

    /// Prior weights of the per-revision drift factors (`[1]` without per-revision drift).
    var driftWeights: [Double] { withDrift ? Self.drift.map(\.weight) : [1] }

    /// The factors in use.
    var factors: [(factor: Double, weight: Double)] { Self.factors(drift) }

    /// Prior share of a buggy revision's runs made at a lowered crash probability, when it does
    /// not depend on the revision (per-revision drift; otherwise 0).
    var fixedLowShare: Double { drift == .perRevision ? 1 - Self.drift[0].weight : 0 }

    /// Log-likelihood of `evidence` per grid point, given whether the revision has the bug.
    /// `reference`: the bad revision, whose crash probability `p` is by definition (no drift).
    /// `factor`: the bug's crash probability is `p·factor` (a revision without the change
    /// commit); nil: per-revision drift when the model has it, else `p`.
    func logLikelihood(
        _ evidence: RevisionEvidence, bugPresent: Bool, reference: Bool = false, factor: Double? = nil
    ) -> [Double] {
        // Runs by class: signature titles, candidates, other titles.
        var sigCounts: [(share: Double, n: Double)] = []
        var candidateCounts = [Int](repeating: 0, count: candidates.count)
        var other = 0.0
        var knownOther: [Int] = []
        for (title, n) in evidence.crashes {
            if otherBugs.contains(title) {
                knownOther.append(n)
            } else if let s = shares[title] {
                sigCounts.append((s, Double(n)))
            } else if let j = candidates.firstIndex(where: { $0.title == title }) {
                candidateCounts[j] += n
            } else {
                other += Double(n)
            }
        }
        let runs = evidence.evidentialRuns
        // Another bug's crashes: the same under both bug states (masked runs).
        let otherBug = candidateCounts.map { k in
            Self.logSumExp(
                Self.otherBugRates.map { log($0.weight) + Double(k) * log($0.rate) + Double(runs - k) * log(1 - $0.rate) })
        }
        let fixedMasked = knownOther.reduce(0.0) { sum, k in
            sum + Self.logSumExp(
                Self.otherBugRates.map { log($0.weight) + Double(k) * log($0.rate) + Double(runs - k) * log(1 - $0.rate) })
        }
        let ok = Double(evidence.ok)
        let uOther = 1 - Self.unrelatedSignatureShare
        let factors: [(Double, Double)] =
            reference ? [(1, 1)] : factor.map { [($0, 1)] } ?? (withDrift ? Self.drift : [(1, 1)])
        let perH = Self.baseCount
        var result = [Double](repeating: 0, count: points.count)
        for (h, hyp) in hypotheses.enumerated() {
            // The titles this reading takes as the bug's under another name, and their crashes.
            var masked = fixedMasked
            var renamed = 0
            var renamedRuns = 0.0
            for j in candidates.indices {
                if hyp.isSame(j) {
                    renamed += 1
                    renamedRuns += Double(candidateCounts[j])
                } else {
                    masked += otherBug[j]
                }
            }
            // Variant weights: the revision prints the signature's names, or the other names
            // (all of this reading's renamed titles, evenly).
            let variants: [(weight: Double, leak: Double)] =
                renamed == 0 ? [(1, 1)] : [(1 - Self.renamedShare, 1), (Self.renamedShare, Self.renamedLeak)]
            let perTitle = 1 / Double(max(renamed, 1))
            for i in 0..<perH {
                let g = h * perH + i
                let q = points[g].q
                if !bugPresent {
                    var l = ok * log(1 - q) + other * log(q * uOther)
                    for (_, n) in sigCounts { l += n * log(q * uSig) }
                    if renamedRuns > 0 { l += renamedRuns * log(q * uOther * Self.titleShare) }
                    result[g] = l + masked
                    continue
                }
                // Log-sum-exp over drift factors and variants, online (no allocation).
                var top = -Double.infinity
                var sum = 0.0
                for (m, wm) in factors {
                    let p = points[g].p * m
                    let unrelated = (1 - p) * q
                    let clean = ok * log((1 - p) * (1 - q))
                    for (wv, leak) in variants {
                        var l = log(wm * wv) + clean
                        if other > 0 { l += other * log(p * leak * sOther + unrelated * uOther) }
                        for (s, n) in sigCounts { l += n * log(p * leak * s + unrelated * uSig) }
                        if renamedRuns > 0 {
                            let own = leak < 1 ? p * (1 - leak) * perTitle : p * sOther * Self.titleShare
                            l += renamedRuns * log(own + unrelated * uOther * Self.titleShare)
                        }
                        if l > top {
                            sum = sum * exp(top - l) + 1
                            top = l
                        } else {
                            sum += exp(l - top)
                        }
                    }
                }
                result[g] = top + log(sum) + masked
            }
        }
        return result
    }

    static func logSumExp(_ xs: [Double]) -> Double {
        guard let top = xs.max(), top > -Double.infinity else { return -Double.infinity }
        return top + log(xs.reduce(0) { $0 + exp($1 - top) })
    }

    /// Whether a crash title belongs to the signature.
    func matches(_ title: String) -> Bool { signature.contains(title) }
}
