import Foundation

extension BisectCore {
    /// Run counts the default strategy chooses from for one test.
    static let runChoices = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32]
    /// Below this expected information (bits) a test is not worth making.
    static let minimumGain = 0.01
    static let piSteps = 100

    /// Posterior probability of each node being the culprit, and of each grid point.
    public func posterior() -> (nodes: [Double], grid: [Double]) {
        let g = model.gridCount
        let n = dag.count
        var maxLog = -Double.infinity
        for c in 0..<n {
            for i in 0..<g { maxLog = max(maxLog, logJoint[c * g + i] + commonLog[i]) }
        }
        var nodes = [Double](repeating: 0, count: n)
        var grid = [Double](repeating: 0, count: g)
        var total = 0.0
        for c in 0..<n {
            var sum = 0.0
            for i in 0..<g {
                let d = logJoint[c * g + i] + commonLog[i] - maxLog
                guard d > -60 else { continue }  // below 1e-26 of the best: nothing
                let v = exp(d)
                sum += v
                grid[i] += v
            }
            nodes[c] = sum
            total += sum
        }
        for c in 0..<n { nodes[c] /= total }
        for i in 0..<g { grid[i] /= total }
        return (nodes, grid)
    }

    /// Probability that each node contains the change (cause: has the bug; fix: has the fix).
    /// A node with one parent adds itself to its parent's sum; a merge adds the nodes its other
    /// parents bring to its largest parent's sum.
    func containsChange(_ post: [Double]) -> [Double] {
        var pi = [Double](repeating: 0, count: dag.count)
        for r in 0..<dag.count {
            let parents = dag.parents[r]
            if parents.isEmpty {
                pi[r] = post[r]
            } else if parents.count == 1 {
                pi[r] = pi[parents[0]] + post[r]
            } else if usesSlowReference {
                var sum = 0.0
                dag.ancestors[r].forEach { sum += post[$0] }
                pi[r] = sum
            } else {
                // A merge: its largest parent's sum, plus what the other parents bring.
                let p = dag.largestParent(r)
                var sum = pi[p]
                dag.ancestors[r].forEach(subtracting: dag.ancestors[p]) { sum += post[$0] }
                pi[r] = sum
            }
        }
        return pi.map { min($0, 1) }
    }

    /// Posterior probability that the bug is present at `node` (for the log).
    public func bugProbability(at node: Int) -> Double {
        let post = posterior().nodes
        var x = 0.0
        dag.ancestors[node].forEach { x += post[$0] }
        return xMeansBugPresent ? x : 1 - x
    }

    /// Posterior mean of the reproducer's crash probability on a buggy revision.
    public func estimatedCrashProbability() -> Double {
        let w = posterior().grid
        return zip(w, model.points).reduce(0) { $0 + $1.0 * $1.1.p }
    }

    func bayesConclusion(found: Bool, reason: String) -> Conclusion {
        let post = posterior().nodes
        let order = post.indices.sorted { post[$0] != post[$1] ? post[$0] > post[$1] : $0 > $1 }
        var candidates: [NodeProbability] = []
        for c in order where candidates.isEmpty || (post[c] >= 0.01 && candidates.count < 20) {
            candidates.append(NodeProbability(node: c, probability: post[c]))
        }
        let best = candidates[0]
        var conclusion = Conclusion(
            outcome: found ? .found : .inconclusive, culprit: found ? best.node : nil, candidates: candidates,
            confidence: best.probability, reason: reason)
        let readings = readings()
        let significant = readings.filter { $0.probability >= Self.significantReading }
        if Set(significant.compactMap { $0.candidates.first?.node }).count > 1 {
            conclusion.readings = significant
            if !found {
                conclusion.reason += "; the answer depends on whether other titles are the same bug: "
                    + significant.map(\.summary).joined(separator: " / ")
            }
        }
        return conclusion
    }

    /// A reading of the other titles this probable or more is reported when readings disagree.
    static let significantReading = 0.05

    /// The posterior split by reading of the other titles (which are the bug under another
    /// name), most probable first; one reading when no other title is frequent.
    public func readings() -> [Reading] {
        let g = model.gridCount
        let perH = CrashModel.baseCount
        let hs = model.hypotheses.count
        var maxLog = -Double.infinity
        for c in 0..<dag.count {
            for i in 0..<g { maxLog = max(maxLog, logJoint[c * g + i] + commonLog[i]) }
        }
        var byH = [[Double]](repeating: [Double](repeating: 0, count: dag.count), count: hs)
        var weight = [Double](repeating: 0, count: hs)
        for c in 0..<dag.count {
            for i in 0..<g {
                let d = logJoint[c * g + i] + commonLog[i] - maxLog
                guard d > -60 else { continue }
                let v = exp(d)
                byH[i / perH][c] += v
                weight[i / perH] += v
            }
        }
        let total = weight.reduce(0, +)
        var result: [Reading] = []
        for h in 0..<hs where weight[h] > 0 {
            let post = byH[h]
            let order = post.indices.sorted { post[$0] != post[$1] ? post[$0] > post[$1] : $0 > $1 }
            let best = order.prefix(5).filter { post[$0] > 0 }.map {
                NodeProbability(node: $0, probability: post[$0] / weight[h])
            }
            let hyp = model.hypotheses[h]
            result.append(
                Reading(
                    sameBug: model.candidates.indices.filter { hyp.isSame($0) }.map { model.candidates[$0].title },
                    otherBugs: model.candidates.indices.filter { !hyp.isSame($0) }.map { model.candidates[$0].title },
                    probability: weight[h] / total, candidates: best))
        }
        return result.sorted { $0.probability > $1.probability }
    }

    func nextBayesAction() -> Action {
        let (post, w) = posterior()
        var top = 0
        for c in post.indices where post[c] > post[top] { top = c }
        if post[top] >= options.confidence {
            return .finish(bayesConclusion(found: true, reason: "confidence reached"))
        }
        let runsLeft = options.effectiveMaxRuns - runs
        let buildsLeft = options.effectiveMaxBuilds - builds
        if runsLeft <= 0 {
            return .finish(bayesConclusion(found: false, reason: "run budget spent (\(runs) runs)"))
        }
        guard let choice = bestTest(post: post, grid: w, runsLeft: runsLeft, buildsLeft: buildsLeft) else {
            let why =
                buildsLeft <= 0
                ? "build budget spent (\(builds) builds)"
                : "no revision left whose test would be informative (untestable or already settled)"
            return .finish(bayesConclusion(found: false, reason: why))
        }
        return .test(node: choice.node, runs: choice.runs, stopAtFirstCrash: false)
    }

    /// Expected information (bits) from `k` runs on a revision, per probability `pi` that it
    /// contains the change, tabulated on a grid of `pi` for each run count, with the share of
    /// lowered runs the model gives every revision alike (``CrashModel/fixedLowShare``).
    func informationTables(grid w: [Double], runChoices: [Int]) -> [[Double]] {
        informationTables(grid: w, runChoices: runChoices, lowShares: [model.fixedLowShare]).map { $0[0] }
    }

    /// Shares of lowered runs the tables of the default strategy are made for (interpolated).
    static let lowShareLevels = [0, 0.25, 0.5, 0.75, 1]

    /// Expected information (bits) from `k` runs on a revision, per probability `pi` that it
    /// contains the change, tabulated on a grid of `pi` for each run count and each share of a
    /// buggy revision's probability that it reproduces at a lowered rate: `[choice][share][pi]`.
    func informationTables(grid w: [Double], runChoices: [Int], lowShares: [Double]) -> [[[Double]]] {
        // Counts of crashes with the bug's titles: binomial given the grid point and the crash
        // probability factor, mixed over both (a buggy revision may reproduce less often than
        // the bad one).
        let present = model.signatureRatePresent
        let absent = model.signatureRateAbsent
        let lowered = model.factors.dropFirst().map(\.weight)
        let loweredTotal = lowered.reduce(0, +)
        return runChoices.map { k in
            var pHigh = [Double](repeating: 0, count: k + 1)
            var pLow = [Double](repeating: 0, count: k + 1)
            var pAbsent = [Double](repeating: 0, count: k + 1)
            for i in w.indices where w[i] > 1e-9 {
                let high = Self.binomial(k, present[i][0])
                for s in 0...k { pHigh[s] += w[i] * high[s] }
                for (m, wm) in lowered.enumerated() where loweredTotal > 0 {
                    let b = Self.binomial(k, present[i][m + 1])
                    for s in 0...k { pLow[s] += w[i] * wm / loweredTotal * b[s] }
                }
                let b = Self.binomial(k, absent[i])
                for s in 0...k { pAbsent[s] += w[i] * b[s] }
            }
            return lowShares.map { share in
                let pPresent = loweredTotal > 0 ? (0...k).map { (1 - share) * pHigh[$0] + share * pLow[$0] } : pHigh
                let px = xMeansBugPresent ? pPresent : pAbsent
                let pn = xMeansBugPresent ? pAbsent : pPresent
                let hx = Self.entropy(px)
                let hn = Self.entropy(pn)
                return (0...Self.piSteps).map { step in
                    let pi = Double(step) / Double(Self.piSteps)
                    var h = 0.0
                    for s in 0...k {
                        let m = pi * px[s] + (1 - pi) * pn[s]
                        if m > 0 { h -= m * log2(m) }
                    }
                    return max(0, h - pi * hx - (1 - pi) * hn)
                }
            }
        }
    }

    static func lookup(_ table: [Double], _ pi: Double) -> Double {
        let x = min(max(pi, 0), 1) * Double(piSteps)
        let i = min(Int(x), piSteps - 1)
        let f = x - Double(i)
        return table[i] * (1 - f) + table[i + 1] * f
    }

    /// Looks up tables made for ``lowShareLevels``, interpolating between the two nearest shares.
    static func lookup(_ tables: [[Double]], _ pi: Double, lowShare: Double) -> Double {
        let x = min(max(lowShare, 0), 1) * Double(lowShareLevels.count - 1)
        let i = min(Int(x), lowShareLevels.count - 2)
        let f = x - Double(i)
        return lookup(tables[i], pi) * (1 - f) + lookup(tables[i + 1], pi) * f
    }

    /// Most evidential runs on one revision: past it, a revision is settled as far as runs can
    /// settle it (under reproducibility drift, more clean runs always leave some doubt, and the
    /// expected information of one more test never quite reaches zero). The simple model has no cap.
    var maximumRunsPerRevision: Int {
        if options.simpleModel == true { return Int.max }
        return Self.runCapFactor * max(options.runs, 1)
    }

    /// Runs per revision at most, in units of the base runs (`options.runs`).
    static let runCapFactor = 8

    /// The test with the most expected information per unit cost.
    func bestTest(post: [Double], grid w: [Double], runsLeft: Int, buildsLeft: Int) -> (
        node: Int, runs: Int, gain: Double
    )? {
        let most = min(runsLeft, max(4 * options.runs, options.minimumRuns, 1))
        let fewest = min(max(options.minimumRuns, 1), most)
        let choices = Array(Set(Self.runChoices.filter { $0 >= fewest && $0 <= most } + [fewest])).sorted()
        guard !choices.isEmpty else { return nil }
        // Per revision, the share of lowered runs when it varies (a change commit); else one table.
        let lows = model.drift == .changePoint ? lowShares() : nil
        let tables = informationTables(
            grid: w, runChoices: choices, lowShares: lows == nil ? [model.fixedLowShare] : Self.lowShareLevels)
        let pis = containsChange(post)
        var best: (node: Int, runs: Int, gain: Double)?
        var bestScore = 0.0
        let cap = maximumRunsPerRevision
        for r in 0..<dag.count where !isUntestable(r) {
            let isAvailable = available.contains(r)
            if !isAvailable && buildsLeft <= 0 { continue }
            let buildCost = isAvailable ? 0 : options.effectiveBuildCost
            let left = cap - (evidence[r]?.evidentialRuns ?? 0)
            for (j, k) in choices.enumerated() where k <= left {
                let gain = lows.map { Self.lookup(tables[j], pis[r], lowShare: $0[r]) } ?? Self.lookup(tables[j][0], pis[r])
                let score = gain / (buildCost + options.testOverhead + Double(k))
                if gain >= Self.minimumGain, score > bestScore {
                    bestScore = score
                    best = (r, k, gain)
                }
            }
        }
        return best
    }

    /// log(k choose s) for the run counts the strategy uses.
    static let logChoose: [[Double]] = (0...128).map { k in (0...k).map { s in logBinomialCoefficient(k, s) } }

    static func logBinomialCoefficient(_ k: Int, _ s: Int) -> Double {
        let a: Double = lgamma(Double(k + 1))
        let b: Double = lgamma(Double(s + 1))
        let c: Double = lgamma(Double(k - s + 1))
        return a - b - c
    }

    static func binomial(_ k: Int, _ p: Double) -> [Double] {
        let p = min(max(p, 1e-12), 1 - 1e-12)
        let (lp, lq) = (log(p), log(1 - p))
        let table = k < logChoose.count ? logChoose[k] : nil
        var result = [Double](repeating: 0, count: k + 1)
        for s in 0...k {
            let logC = table?[s] ?? logBinomialCoefficient(k, s)
            result[s] = exp(logC + Double(s) * lp + Double(k - s) * lq)
        }
        return result
    }

    public static func entropy(_ dist: [Double]) -> Double {
        dist.reduce(0) { $1 > 0 ? $0 - $1 * log2($1) : $0 }
    }

    /// Shannon entropy (bits) of the culprit posterior.
    public func posteriorEntropy() -> Double { Self.entropy(posterior().nodes) }
}
