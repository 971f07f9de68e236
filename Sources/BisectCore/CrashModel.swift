import Foundation

/// The probabilistic model of one reproducer run, over a grid of unknown rates.
///
/// On a revision with the bug, a run crashes with the bug's own crash with probability `p`
/// (unknown, learned); on any revision, an unrelated crash happens with probability `q`
/// (unknown, learned). The bug's crash shows one of the signature titles with the frequencies
/// seen when confirming, or a title never seen (probability 1/(C+1) after C signature crashes);
/// an unrelated crash rarely shows a signature title (`unrelatedSignatureShare`). So a crash
/// matching the signature is strong evidence of the bug, another crash weak evidence, and a clean
/// run evidence against it in proportion to `p`.
public struct CrashModel: Sendable {
    /// Grid of the reproducer's crash probability on a buggy revision, with prior weights from a
    /// Beta(1, 1) prior (each point weighted by the width of its cell).
    static let pGrid: [Double] = [0.03, 0.06, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]
    /// Grid of the unrelated-crash rate, uniform prior.
    static let qGrid: [Double] = [0.01, 0.04, 0.15]
    /// Share of unrelated crashes whose title happens to be one of the signature's.
    static let unrelatedSignatureShare = 0.1

    let signature: Signature
    /// Grid points: (p, q) pairs, p-major.
    let points: [(p: Double, q: Double)]
    let logPrior: [Double]
    private let logOkPresent: [Double]
    private let logOkAbsent: [Double]
    private let logOtherPresent: [Double]
    private let logOtherAbsent: [Double]
    private let logTitlePresent: [String: [Double]]
    private let logTitleAbsent: [String: [Double]]
    /// Per-run probability of a signature crash, with and without the bug, per grid point.
    let signatureRatePresent: [Double]
    let signatureRateAbsent: [Double]

    var gridCount: Int { points.count }

    public init(signature: Signature) {
        self.signature = signature
        let pg = Self.pGrid
        var widths: [Double] = []
        for (i, p) in pg.enumerated() {
            let lo = i == 0 ? 0 : (pg[i - 1] + p) / 2
            let hi = i == pg.count - 1 ? 1 : (pg[i + 1] + p) / 2
            widths.append(hi - lo)
        }
        var points: [(p: Double, q: Double)] = []
        var logPrior: [Double] = []
        for (i, p) in pg.enumerated() {
            for q in Self.qGrid {
                points.append((p, q))
                logPrior.append(log(widths[i] / Double(Self.qGrid.count)))
            }
        }
        self.points = points
        self.logPrior = logPrior
        let total = Double(signature.total)
        let sigCount = max(signature.titles.count, 1)
        let uSig = Self.unrelatedSignatureShare / Double(sigCount)
        let uOther = 1 - Self.unrelatedSignatureShare
        let sOther = 1 / (total + 1)
        logOkPresent = points.map { log((1 - $0.p) * (1 - $0.q)) }
        logOkAbsent = points.map { log(1 - $0.q) }
        logOtherPresent = points.map { log($0.p * sOther + (1 - $0.p) * $0.q * uOther) }
        logOtherAbsent = points.map { log($0.q * uOther) }
        var present: [String: [Double]] = [:]
        var absent: [String: [Double]] = [:]
        for (title, count) in signature.titles {
            let s = Double(count) / (total + 1)
            present[title] = points.map { log($0.p * s + (1 - $0.p) * $0.q * uSig) }
            absent[title] = points.map { log($0.q * uSig) }
        }
        logTitlePresent = present
        logTitleAbsent = absent
        let sSig = signature.isEmpty ? 0 : total / (total + 1)
        signatureRatePresent = points.map { $0.p * sSig + (1 - $0.p) * $0.q * Self.unrelatedSignatureShare }
        signatureRateAbsent = points.map { $0.q * Self.unrelatedSignatureShare }
    }

    /// Log-likelihood of `evidence` per grid point, given whether the revision has the bug.
    func logLikelihood(_ evidence: RevisionEvidence, bugPresent: Bool) -> [Double] {
        var result = [Double](repeating: 0, count: points.count)
        func add(_ n: Int, _ logs: [Double]) {
            guard n > 0 else { return }
            let w = Double(n)
            for g in result.indices { result[g] += w * logs[g] }
        }
        add(evidence.ok, bugPresent ? logOkPresent : logOkAbsent)
        for (title, n) in evidence.crashes {
            if let logs = bugPresent ? logTitlePresent[title] : logTitleAbsent[title] {
                add(n, logs)
            } else {
                add(n, bugPresent ? logOtherPresent : logOtherAbsent)
            }
        }
        return result
    }

    /// Whether a crash title belongs to the signature.
    func matches(_ title: String) -> Bool { signature.contains(title) }
}
