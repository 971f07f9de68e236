import Foundation

extension CrashModel {
    /// Probability that a revision has the bug given its runs alone (prior 1/2), with the
    /// reproducer's rates learned from the bad revision's runs.
    public func bugProbability(_ e: RevisionEvidence, calibratedOn bad: RevisionEvidence) -> Double {
        let learned = logLikelihood(bad, bugPresent: true)
        let present = logLikelihood(e, bugPresent: true)
        let absent = logLikelihood(e, bugPresent: false)
        var top = -Double.infinity
        for g in points.indices { top = max(top, logPrior[g] + learned[g] + max(present[g], absent[g])) }
        var p = 0.0
        var total = 0.0
        for g in points.indices {
            let w = logPrior[g] + learned[g] - top
            p += exp(w + present[g])
            total += exp(w + present[g]) + exp(w + absent[g])
        }
        return total > 0 ? p / total : 0.5
    }
}
