import Foundation

/// Batch selection for many slots (the default strategy): what to build and run on the slots that
/// are free, given the work already in flight.
///
/// Each free slot gets the unit of work with the most expected information per unit of time: a
/// test slot one reproducer run (on a built revision), a build slot one build (of a revision whose
/// test is expected to be informative). The information of a unit is computed *given the work in
/// flight*: the tests whose results are pending split the candidates into groups (which pending
/// revisions contain the culprit), and a new test is worth what it adds within those groups, in the
/// measure that the pending tests are expected to resolve them. So a second slot goes to a quartile
/// while the median is tested, not to a copy of the median; a build slot builds, while a revision is
/// tested, the revisions most likely to be needed next (one per side of it, weighted by the
/// posterior). Builds in flight whose revision the posterior has settled are cancelled. The caller
/// re-plans whenever a result arrives (each run, each build).
extension BisectCore {
    /// Expected bits below which a build is not started (speculative builds must be worth it).
    static let minimumBuildGain = 0.15
    /// Expected bits below which one more run is not started.
    static let minimumRunGain = 0.002

    /// What to start on `freeBuildSlots` build slots and `freeTestSlots` test slots, given the
    /// work in flight; `buildTime` and `runTime` are the time one build and one run take. Only
    /// for the default strategy (the git-bisect rules test one revision at a time).
    public func planBatch(
        freeBuildSlots: Int, freeTestSlots: Int, inFlight: InFlight, buildTime: Double, runTime: Double
    ) -> BatchPlan {
        precondition(strategy == .bayes, "batch selection is for the default strategy")
        var plan = BatchPlan()
        let (post, w) = posterior()
        if let best = post.indices.max(by: { post[$0] < post[$1] }), post[best] >= options.confidence {
            plan.finish = bayesConclusion(found: true, reason: "confidence reached")
            return plan
        }
        var planner = BatchPlanner(core: self, post: post, grid: w, inFlight: inFlight)
        let values = planner.buildValues()
        plan.cancelBuilds = values.filter { $0.gain < BisectCore.minimumGain }.map(\.node)
        for node in plan.cancelBuilds { planner.pendingBuilds.remove(node) }
        var runsLeft = options.effectiveMaxRuns - runs - inFlight.runCount
        var buildsLeft = options.effectiveMaxBuilds - builds - planner.pendingBuilds.count
        var freeBuilds = freeBuildSlots + plan.cancelBuilds.count
        // Every build slot busy: a build far less useful than the best one waiting gives way to it
        // (a speculative build the last results made unlikely to be needed).
        if freeBuilds <= 0, buildsLeft > 0,
            let worst = values.filter({ !plan.cancelBuilds.contains($0.node) }).min(by: { $0.gain < $1.gain }),
            let waiting = planner.bestBuild(buildTime: buildTime, runTime: runTime),
            waiting.gain > 2 * worst.gain + BisectCore.minimumBuildGain
        {
            plan.cancelBuilds.append(worst.node)
            planner.pendingBuilds.remove(worst.node)
            freeBuilds = 1
            buildsLeft += 1
        }
        for _ in 0..<max(freeBuilds, 0) where buildsLeft > 0 {
            guard let node = planner.bestBuild(buildTime: buildTime, runTime: runTime)?.node else { break }
            plan.builds.append(node)
            planner.pendingBuilds.insert(node)
            buildsLeft -= 1
        }
        for _ in 0..<max(freeTestSlots, 0) where runsLeft > 0 {
            guard let node = planner.bestRun() else { break }
            plan.runs[node, default: 0] += 1
            planner.pendingRuns[node, default: 0] += 1
            runsLeft -= 1
        }
        if plan.startsNothing && planner.pendingBuilds.isEmpty && inFlight.runCount == 0 {
            // Nothing in flight and nothing worth a slot by the batch measure: do what the
            // one-at-a-time choice says (a test, or the end with its reason).
            switch nextAction() {
            case .finish(let conclusion):
                plan.finish = conclusion
            case .test(let node, let k, _):
                if available.contains(node) {
                    plan.runs[node] = min(k, max(freeTestSlots, 1))
                } else {
                    plan.builds = [node]
                }
            }
        }
        return plan
    }
}

/// The state of one planning pass: the posterior, the work pending (in flight and planned), and
/// the information tables it needs.
struct BatchPlanner {
    let core: BisectCore
    let post: [Double]
    let grid: [Double]
    /// Probability that each node contains the change.
    let pis: [Double]
    var pendingBuilds: Set<Int>
    var pendingRuns: [Int: Int]
    /// Information tables by run count (computed when first needed).
    var tables: [Int: [Double]] = [:]
    /// Runs presumed for a revision being built, when weighing what its test will tell.
    let presumedRuns: Int

    init(core: BisectCore, post: [Double], grid: [Double], inFlight: InFlight) {
        self.core = core
        self.post = post
        self.grid = grid
        self.pis = core.containsChange(post)
        self.pendingBuilds = inFlight.builds
        self.pendingRuns = inFlight.runs.filter { $0.value > 0 }
        self.presumedRuns = max(core.options.runs, core.options.minimumRuns, 1)
    }

    mutating func table(_ runs: Int) -> [Double] {
        if let t = tables[runs] { return t }
        let t = runs == 0 ? [Double](repeating: 0, count: BisectCore.piSteps + 1)
            : core.informationTables(grid: grid, runChoices: [runs])[0]
        tables[runs] = t
        return t
    }

    /// Pending tests (node, runs) other than at `excluded`.
    func pending(excluding excluded: Int?) -> [(node: Int, runs: Int)] {
        var tests = pendingRuns.filter { $0.key != excluded }.map { (node: $0.key, runs: $0.value) }
        for b in pendingBuilds where b != excluded && pendingRuns[b] == nil { tests.append((b, presumedRuns)) }
        // The most runs first: with more than 64, the least informative are left out.
        return Array(tests.sorted { $0.runs != $1.runs ? $0.runs > $1.runs : $0.node < $1.node }.prefix(64))
    }

    /// How the pending tests split the candidates, and how sure they are to resolve the split.
    struct Condition {
        /// Probability of each group; per node, the probability of each group *and* the node
        /// containing the change.
        var mass: [Double] = []
        var shares: [[Double]] = []
        /// 0: the pending tests are expected to tell nothing; 1: to resolve every group.
        var resolution = 0.0
    }

    mutating func condition(excluding excluded: Int?) -> Condition {
        let tests = pending(excluding: excluded)
        guard !tests.isEmpty else { return Condition() }
        let dag = core.dag
        let n = dag.count
        var groupOf = [Int](repeating: 0, count: n)
        var index: [UInt64: Int] = [:]
        var masks = [UInt64](repeating: 0, count: n)
        for (bit, t) in tests.enumerated() {
            dag.ancestors[t.node].forEach { masks[$0] |= 1 << UInt64(bit) }
        }
        var mass: [Double] = []
        for c in 0..<n {
            let g: Int
            if let known = index[masks[c]] {
                g = known
            } else {
                g = mass.count
                index[masks[c]] = g
                mass.append(0)
            }
            groupOf[c] = g
            mass[g] += post[c]
        }
        let groups = mass.count
        var shares = [[Double]](repeating: [], count: n)
        for r in 0..<n {
            let parents = dag.parents[r]
            var s: [Double]
            if parents.count == 1 {
                s = shares[parents[0]]
                s[groupOf[r]] += post[r]
            } else {
                s = [Double](repeating: 0, count: groups)
                if parents.isEmpty {
                    s[groupOf[r]] = post[r]
                } else {
                    dag.ancestors[r].forEach { s[groupOf[$0]] += post[$0] }
                }
            }
            shares[r] = s
        }
        let entropy = BisectCore.entropy(mass)
        var expected = 0.0
        for t in tests { expected += BisectCore.lookup(table(t.runs), pis[t.node]) }
        let resolution = entropy > 1e-9 ? min(1, expected / entropy) : 0
        return Condition(mass: mass, shares: shares, resolution: resolution)
    }

    /// Expected bits from `runs` runs on `node` given the pending tests (`condition`).
    mutating func information(_ node: Int, runs: Int, _ condition: Condition) -> Double {
        guard runs > 0 else { return 0 }
        let t = table(runs)
        let alone = BisectCore.lookup(t, pis[node])
        guard condition.resolution > 0 else { return alone }
        var within = 0.0
        for (g, m) in condition.mass.enumerated() where m > 1e-12 {
            within += m * BisectCore.lookup(t, min(condition.shares[node][g] / m, 1))
        }
        return (1 - condition.resolution) * alone + condition.resolution * within
    }

    /// Each build in flight with the information its test is expected to add to the other
    /// pending work.
    mutating func buildValues() -> [(node: Int, gain: Double)] {
        pendingBuilds.sorted().map { node in
            let c = condition(excluding: node)
            return (node, information(node, runs: presumedRuns, c))
        }
    }

    /// The revision to build next: the most expected information (given the pending work) per
    /// unit of time of its build and runs, with that information; nil when none is worth it.
    mutating func bestBuild(buildTime: Double, runTime: Double) -> (node: Int, gain: Double)? {
        let c = condition(excluding: nil)
        let choices = BisectCore.runChoices.filter { $0 >= min(presumedRuns, 8) && $0 <= 4 * presumedRuns }
        var best: (node: Int, gain: Double, score: Double)?
        for r in 0..<core.dag.count
        where !core.available.contains(r) && !pendingBuilds.contains(r) && !core.isUntestable(r) && pis[r] > 1e-6
            && pis[r] < 1 - 1e-6
        {
            for k in choices {
                let gain = information(r, runs: k, c)
                let score = gain / (buildTime + Double(k) * runTime)
                if gain >= BisectCore.minimumBuildGain, score > best?.score ?? 0 { best = (r, gain, score) }
            }
        }
        return best.map { ($0.node, $0.gain) }
    }

    /// The built revision where one more run adds the most expected information, given the runs
    /// pending there and elsewhere; nil when no run is worth making.
    mutating func bestRun() -> Int? {
        var best: (node: Int, gain: Double)?
        let shared = condition(excluding: nil)
        for r in core.available.sorted() where !core.isUntestable(r) && pis[r] > 1e-6 && pis[r] < 1 - 1e-6 {
            let n = pendingRuns[r] ?? 0
            let c = n > 0 ? condition(excluding: r) : shared
            let gain = information(r, runs: n + 1, c) - information(r, runs: n, c)
            if gain >= BisectCore.minimumRunGain, gain > best?.gain ?? 0 { best = (r, gain) }
        }
        return best?.node
    }
}
