import Foundation

/// Reproducibility drift along the history, with a change commit (cause mode).
///
/// The buggy revisions that contain a change commit `d` crash with probability `p`, those without
/// it with `p·r`. With culprit `c`, `d` is one of `c`'s descendants (uniform prior; `d` an
/// ancestor of `c` is no drift at all), so the lowered stretch is `desc(c) \ desc(d)` on the real
/// graph. The joint of (culprit, d, r, grid point) factors: per tested node `v` and factor `r`,
/// with `J_r[c] = Σ_{v ∈ desc(c)} (ℓ_r(v) − ℓ_absent(v))` (`factorJoint`) and
/// `Y_r[d] = Σ_{v ∈ desc(d)} (ℓ_1(v) − ℓ_r(v))`,
///
///     log P(c, d, r | runs) = common + J_r[c] + Y_r[d] + log prior.
///
/// `Y_r[d]` depends on `d` only through the tested revisions among its descendants, so the sum
/// over `d` runs over the classes of that set, each weighted by how many of `c`'s descendants it
/// holds. `logJoint` (what the posterior reads) is then the mixture of no drift and drift per
/// culprit and grid point.
extension BisectCore {
    /// What the last refresh of the drift mixture left for the choice of tests.
    struct DriftState: Sendable {
        /// Per node, the class of change commits it belongs to (its tested descendants).
        var classOf: [Int] = []
        /// Per class, `Y_r` per lowered factor and grid point (`(class · K + k) · G + j`).
        var classY: [Double] = []
        /// Per culprit, the log of its drift terms per lowered factor and grid point (prior
        /// included), without `common`; -inf for the top.
        var term: [Double] = []
        /// Per culprit, log of the number of its proper descendants (the change commit's prior).
        var logDescendants: [Double] = []
        /// Culprits with drift terms (the others' share of the posterior is nothing), ascending.
        var live: [Int] = []
    }

    /// Below the best joint by this much (log), a grid point's share of the posterior is nothing
    /// (as in ``posterior()``).
    static let negligibleLog = 60.0

    /// Sets the per-factor joints to their prior (no evidence yet).
    mutating func resetFactorJoint() {
        guard model.drift == .changePoint else {
            factorJoint = []
            return
        }
        factorJoint = model.factors.map { _ in [Double](repeating: 0, count: dag.count * model.gridCount) }
        refreshDrift()
    }

    /// Recomputes `logJoint` from the per-factor joints, averaging over the change commit and
    /// the lowered factor.
    mutating func refreshDrift() {
        guard model.drift == .changePoint else { return }
        let n = dag.count
        let g = model.gridCount
        let factors = model.factors
        let k = factors.count - 1
        let kg = k * g
        // Tested revisions other than the top (the reference: the same under every factor).
        let tested = nodeFactorLikelihood.keys.filter { $0 != dag.top }.sorted()
        if usesSlowReference || driftClasses.tested != tested || driftClasses.classOf.count != n {
            driftClasses =
                usesSlowReference
                ? DriftClasses.recounted(for: tested, in: dag) : driftClasses.updated(for: tested, in: dag)
        }
        let classes = driftClasses.count
        let classOf = driftClasses.classOf
        let counts = driftClasses.counts
        // Y per class: the tested revisions that are descendants of its members.
        var classY = [Double](repeating: 0, count: classes * kg)
        for (cl, member) in driftClasses.first.enumerated() {
            for v in tested where dag.ancestors[v].contains(member) {
                let ll = nodeFactorLikelihood[v]!
                for r in 1...k {
                    let base = (cl * k + r - 1) * g
                    for j in 0..<g { classY[base + j] += ll[0][j] - ll[r][j] }
                }
            }
        }
        var top = [Double](repeating: -Double.infinity, count: kg)
        for cl in 0..<classes {
            for x in 0..<kg { top[x] = max(top[x], classY[cl * kg + x]) }
        }
        var scaled = [Double](repeating: 0, count: classes * kg)
        for cl in 0..<classes {
            for x in 0..<kg { scaled[cl * kg + x] = exp(classY[cl * kg + x] - top[x]) }
        }
        let logNoDrift = log(1 - CrashModel.changePrior)
        let logFactorPrior = factors.dropFirst().map { log(CrashModel.changePrior * $0.weight) }
        // Grid points that can matter: an upper bound of each one's joint (a change commit's
        // average is at most its best class) against a lower bound of the best joint (no drift).
        var lower = -Double.infinity
        var upper = [Double](repeating: -Double.infinity, count: g)
        var culpritUpper = [Double](repeating: -Double.infinity, count: n)
        for c in 0..<n {
            let base = c * g
            for j in 0..<g {
                let still = logNoDrift + factorJoint[0][base + j] + commonLog[j]
                lower = max(lower, still)
                var u = still
                for r in 1...k { u = max(u, logFactorPrior[r - 1] + factorJoint[r][base + j] + top[(r - 1) * g + j] + commonLog[j]) }
                upper[j] = max(upper[j], u)
                culpritUpper[c] = max(culpritUpper[c], u)
            }
        }
        // So are culprits (a bisection soon rules most of them out): theirs is the no-drift part.
        let cut = lower - Self.negligibleLog - 2
        let active = (0..<g).filter { upper[$0] > cut }
        let activeX = (0..<k).flatMap { r in active.map { r * g + $0 } }
        var term = [Double](repeating: -Double.infinity, count: n * kg)
        var logDescendants = [Double](repeating: 0, count: n)
        var sums = [Double](repeating: 0, count: kg)
        var live: [Int] = []
        for c in 0..<n {
            var total = 0.0
            for cl in 0..<classes { total += counts[c * classes + cl] }
            let base = c * g
            for j in 0..<g { logJoint[base + j] = (total > 0 ? logNoDrift : 0) + factorJoint[0][base + j] }
            guard total > 0 else { continue }
            let logTotal = log(total)
            logDescendants[c] = logTotal
            if culpritUpper[c] <= cut && !usesSlowReference { continue }
            live.append(c)
            for x in activeX { sums[x] = 0 }
            for cl in 0..<classes {
                let m = counts[c * classes + cl]
                if m == 0 { continue }
                for x in activeX { sums[x] += m * scaled[cl * kg + x] }
            }
            for j in active {
                let still = logNoDrift + factorJoint[0][base + j]
                var best = still
                for r in 1...k {
                    let x = (r - 1) * g + j
                    let t = logFactorPrior[r - 1] + factorJoint[r][base + j] + log(sums[x]) + top[x] - logTotal
                    term[c * kg + x] = t
                    best = max(best, t)
                }
                var sum = exp(still - best)
                for r in 0..<k { sum += exp(term[c * kg + r * g + j] - best) }
                logJoint[base + j] = best + log(sum)
            }
        }
        drift = DriftState(
            classOf: classOf, classY: classY, term: term, logDescendants: logDescendants, live: live)
    }

    /// Per node, the probability that its runs crash at a lowered rate given that it has the bug
    /// (it lacks the change commit): near 0 close to the bad revision, larger far below it.
    func lowShares() -> [Double] {
        let n = dag.count
        guard model.drift == .changePoint else { return [Double](repeating: model.fixedLowShare, count: n) }
        let g = model.gridCount
        let k = model.factors.count - 1
        let kg = k * g
        var maxLog = -Double.infinity
        var best = [Double](repeating: -Double.infinity, count: g)
        for c in 0..<n {
            for j in 0..<g { best[j] = max(best[j], logJoint[c * g + j] + commonLog[j]) }
        }
        for j in 0..<g { maxLog = max(maxLog, best[j]) }
        // Only the grid points with a share of the posterior.
        let active = (0..<g).filter { best[$0] > maxLog - Self.negligibleLog }
        let activeX = (0..<k).flatMap { r in active.map { r * g + $0 } }
        // Posterior mass of each culprit, and of each culprit with a change commit.
        // Culprits outside `drift.live` (other than the top, which has no drift terms) have no
        // share of the posterior: their mass is left at nothing.
        var counted = [Bool](repeating: false, count: n)
        for c in drift.live { counted[c] = true }
        counted[dag.top] = true
        var mass = [Double](repeating: 0, count: n)
        var driftMass = [Double](repeating: 0, count: n)
        var total = 0.0
        for c in 0..<n where counted[c] {
            for j in active {
                mass[c] += exp(logJoint[c * g + j] + commonLog[j] - maxLog)
                for r in 0..<k { driftMass[c] += exp(drift.term[c * kg + r * g + j] + commonLog[j] - maxLog) }
            }
            total += mass[c]
        }
        guard total > 0 else { return [Double](repeating: 0, count: n) }
        // Mass of each change commit: Σ over culprits among its proper ancestors.
        var shift = [Double](repeating: -Double.infinity, count: kg)
        for c in drift.live {
            for x in activeX {
                let r = x / g
                shift[x] = max(shift[x], factorJoint[r + 1][c * g + x - r * g] - drift.logDescendants[c])
            }
        }
        var own = [Double](repeating: 0, count: n * kg)
        for c in drift.live {
            for x in activeX {
                let r = x / g
                own[c * kg + x] = exp(factorJoint[r + 1][c * g + x - r * g] - drift.logDescendants[c] - shift[x])
            }
        }
        var below = [Double](repeating: 0, count: n * kg)
        for d in 0..<n {
            let parents = dag.parents[d]
            if parents.count == 1 {
                let p = parents[0]
                for x in activeX { below[d * kg + x] = below[p * kg + x] + own[p * kg + x] }
            } else if parents.count > 1 && usesSlowReference {
                dag.ancestors[d].forEach { c in
                    if c != d { for x in activeX { below[d * kg + x] += own[c * kg + x] } }
                }
            } else if parents.count > 1 {
                // The parent with the most ancestors, and what the other parents add to it.
                let p = dag.largestParent(d)
                for x in activeX { below[d * kg + x] = below[p * kg + x] + own[p * kg + x] }
                dag.ancestors[d].forEach(subtracting: dag.ancestors[p]) { c in
                    if c != d { for x in activeX { below[d * kg + x] += own[c * kg + x] } }
                }
            }
        }
        let logFactorPrior = model.factors.dropFirst().map { log(CrashModel.changePrior * $0.weight) }
        // The change commit's own factor depends on it only through its class.
        let classes = drift.classY.count / max(kg, 1)
        var classFactor = [Double](repeating: 0, count: classes * kg)
        for cl in 0..<classes {
            for x in activeX {
                let r = x / g
                classFactor[cl * kg + x] = exp(
                    logFactorPrior[r] + commonLog[x - r * g] + drift.classY[cl * kg + x] + shift[x] - maxLog)
            }
        }
        var changeMass = [Double](repeating: 0, count: n)
        for d in 0..<n {
            let cl = drift.classOf[d]
            var m = 0.0
            for x in activeX {
                let b = below[d * kg + x]
                if b > 0 { m += b * classFactor[cl * kg + x] }
            }
            changeMass[d] = m / total
        }
        let buggy = containsChange(mass.map { $0 / total })
        let buggyWithDrift = containsChange(driftMass.map { $0 / total })
        let high = containsChange(changeMass)
        return (0..<n).map { v in
            buggy[v] > 1e-12 ? min(max(buggyWithDrift[v] - high[v], 0) / buggy[v], 1) : 0
        }
    }
}
