import Foundation

extension Confirmation {
    /// Bits the bisection is assumed to need when the confirmation is decided (the range is not
    /// known yet then: a good revision may still have to be found): a range of about a thousand
    /// commits, the target confidence included.
    static let assumedRangeBits = 10.0

    /// Batch sizes the adaptive confirmation chooses from.
    static let batchChoices = [1, 2, 3, 4, 6, 8]

    /// What more runs on the bad revision would buy, once it crashed: the bisection's expected
    /// cost (``assumedRangeBits`` over the best information per unit cost a test can give, as
    /// the engine's choice of tests sees it under the posterior on the crash probability `p` and
    /// the unrelated-crash rate, with the signature the runs show) against what it is expected to
    /// be after `m` more runs, averaged over their outcomes. The batch with the largest saving net
    /// of its own cost (its runs and a test call's overhead); nil when no batch saves more than
    /// it costs. After a few crashes in a row `p` is near 1 and the signature seen, and more runs
    /// buy nothing (``firstRuns(_:)`` asks it after n crashes in n runs); while the estimate of
    /// `p` is loose, more runs pay for themselves.
    static func valuableRuns(after e: RevisionEvidence, options: BisectCore.Options, limit: Int) -> Int? {
        let model = CrashModel(signature: Signature(e), drift: options.simpleModel != true ? .perRevision : .none)
        let w = posterior(model, e)
        let now = expectedCost(model, w, options)
        let fewest = max(options.minimumRuns, 1)
        let title = Signature(e).ranked.first ?? "crash"
        var best: (runs: Int, net: Double)?
        for m in Set(batchChoices.filter { $0 >= fewest } + [fewest]).sorted() where m <= limit {
            // Outcomes of m more runs: s crashes with the bug's most frequent title, the rest clean.
            var after = 0.0
            var total = 0.0
            for s in 0...m {
                var more = e
                more.ok += m - s
                if s > 0 { more.crashes[title, default: 0] += s }
                // The bug's signature grows with its crashes: the model of the bisection is the
                // one these runs would give, on the posterior they would give.
                let chance = predictive(model, w, crashes: s, of: m)
                guard chance > 0 else { continue }
                let grown = CrashModel(signature: Signature(more), drift: model.drift)
                after += chance * expectedCost(grown, posterior(grown, more), options)
                total += chance
            }
            guard total > 0 else { continue }
            let net = now - after / total - (Double(m) + options.testOverhead)
            if net > 0, net > (best?.net ?? 0) { best = (m, net) }
        }
        return best?.runs
    }

    /// The posterior over the model's grid given the bad revision's runs (it defines `p`).
    static func posterior(_ model: CrashModel, _ e: RevisionEvidence) -> [Double] {
        let ll = model.logLikelihood(e, bugPresent: true, reference: true)
        let logs = zip(model.logPrior, ll).map { $0 + $1 }
        let top = logs.max() ?? 0
        let w = logs.map { exp($0 - top) }
        let sum = w.reduce(0, +)
        return w.map { $0 / sum }
    }

    /// The probability that `s` of `m` more runs on the bad revision crash (any title), under
    /// the posterior `w`.
    static func predictive(_ model: CrashModel, _ w: [Double], crashes s: Int, of m: Int) -> Double {
        let logOrders = BisectCore.logBinomialCoefficient(m, s)
        var chance = 0.0
        for g in w.indices where w[g] > 0 {
            let (p, q) = (model.points[g].p, model.points[g].q)
            let crash = min(max(p + (1 - p) * q, 1e-12), 1 - 1e-12)
            chance += w[g] * exp(logOrders + Double(s) * log(crash) + Double(m - s) * log(1 - crash))
        }
        return chance
    }

    /// The bisection's expected cost (in runs) when `p` and the unrelated-crash rate are as
    /// uncertain as `w` says: the assumed bits over the best information per unit cost of one
    /// test of a revision as likely to have the bug as not (a new build each time).
    static func expectedCost(_ model: CrashModel, _ w: [Double], _ options: BisectCore.Options) -> Double {
        let most = max(4 * options.runs, options.minimumRuns, 1)
        let fewest = min(max(options.minimumRuns, 1), most)
        let choices = Set(BisectCore.runChoices.filter { $0 >= fewest && $0 <= most } + [fewest]).sorted()
        let present = model.signatureRatePresent
        let absent = model.signatureRateAbsent
        let drift = model.driftWeights
        var rate = 0.0
        for k in choices {
            var pPresent = [Double](repeating: 0, count: k + 1)
            var pAbsent = [Double](repeating: 0, count: k + 1)
            for i in w.indices where w[i] > 1e-9 {
                for (j, wm) in drift.enumerated() {
                    let b = BisectCore.binomial(k, present[i][j])
                    for s in 0...k { pPresent[s] += w[i] * wm * b[s] }
                }
                let b = BisectCore.binomial(k, absent[i])
                for s in 0...k { pAbsent[s] += w[i] * b[s] }
            }
            let mixed = zip(pPresent, pAbsent).map { 0.5 * $0 + 0.5 * $1 }
            let info =
                BisectCore.entropy(mixed) - 0.5 * BisectCore.entropy(pPresent) - 0.5 * BisectCore.entropy(pAbsent)
            rate = max(rate, info / (options.effectiveBuildCost + options.testOverhead + Double(k)))
        }
        return rate > 0 ? assumedRangeBits / rate : .infinity
    }
}
