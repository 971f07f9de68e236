import Model

/// The engine's decision core: pure, git-free, deterministic. It holds the evidence gathered on
/// the range's commits and says what to do next (test which commit how many times, or stop with
/// a conclusion). The real driver (``Bisection``) and the simulator both drive this same type.
///
/// Usage: create it once the bad revision is confirmed (its crash titles are the ``Signature``),
/// record the confirmation runs, then loop: ``nextAction()``; build the node if needed and
/// ``recordBuild(node:succeeded:)``; run the reproducer and ``record(_:at:)``.
public struct BisectCore: Sendable {
    /// Tuning of a bisection.
    public struct Options: Sendable, Hashable, Codable {
        /// Base runs per revision (the default strategy adapts around it; confirmation: ``Confirmation``).
        public var runs: Int = 8
        /// Stop when the best candidate's posterior probability reaches this.
        public var confidence: Double = 0.95
        /// Budget; nil means the defaults ``defaultMaxBuilds`` / ``defaultMaxRuns``(runs).
        public var maxBuilds: Int?
        public var maxRuns: Int?
        /// Cost of one build in units of one reproducer run (the driver measures it).
        public var buildCost: Double = 2
        /// Fixed cost of one test call, in runs (starting the tester, booting, collecting results):
        /// it makes the engine prefer a few calls of several runs to many calls of one.
        public var testOverhead: Double = 1
        /// Fewest runs per test call (runs the tester makes at the same time: fewer waste slots).
        public var minimumRuns: Int = 1
        /// Runs per revision of the 2019 syzbot rule.
        public var syzbotRuns: Int = 10
        /// The simple crash model: one title set, one crash probability on every buggy revision,
        /// no other title taken as the bug's (the engine before title and reproducibility drift
        /// were modelled; `culprit simulate --simple-model` measures it side by side). Nil: false.
        public var simpleModel: Bool?

        public init(
            runs: Int = 8, confidence: Double = 0.95, maxBuilds: Int? = nil, maxRuns: Int? = nil,
            buildCost: Double = 2
        ) {
            self.runs = runs
            self.confidence = confidence
            self.maxBuilds = maxBuilds
            self.maxRuns = maxRuns
            self.buildCost = buildCost
        }

        public static let defaultMaxBuilds = 100
        public static func defaultMaxRuns(runs: Int) -> Int { 100 * max(runs, 1) }

        var effectiveMaxBuilds: Int { maxBuilds ?? Self.defaultMaxBuilds }

        /// With a run budget and no build budget, runs are what is scarce: builds count as one run.
        var effectiveBuildCost: Double { maxRuns != nil && maxBuilds == nil ? min(buildCost, 1) : buildCost }
        var effectiveMaxRuns: Int { maxRuns ?? Self.defaultMaxRuns(runs: runs) }
    }

    /// What to do next.
    public enum Action: Sendable, Hashable {
        /// Run the reproducer `runs` more times on `node` (building it first when not built).
        /// `stopAtFirstCrash`: further runs after a crash cannot change the verdict (2019 syzbot rule).
        case test(node: Int, runs: Int, stopAtFirstCrash: Bool)
        /// Stop.
        case finish(Conclusion)
    }

    /// A candidate culprit with its posterior probability.
    public struct NodeProbability: Sendable, Hashable {
        public var node: Int
        public var probability: Double
    }

    /// How a bisection ended.
    public struct Conclusion: Sendable, Hashable {
        public enum Outcome: String, Sendable, Hashable { case found, inconclusive }
        public var outcome: Outcome
        /// The culprit (cause mode) or fix (fix mode) when found.
        public var culprit: Int?
        /// Most probable candidates first.
        public var candidates: [NodeProbability]
        /// Posterior probability of the best candidate (1 for a git-bisect rule when it names one).
        public var confidence: Double
        /// Why it stopped, one line.
        public var reason: String
        /// When the answer depends on an assumption the runs did not settle (whether another
        /// title is the bug under another name): the best candidates under each reading.
        public var readings: [Reading] = []
    }

    /// One reading of the evidence (which other titles are the bug's) with its posterior weight
    /// and its own best candidates.
    public struct Reading: Sendable, Hashable {
        /// Other titles taken as the bug under another name in this reading.
        public var sameBug: [String]
        /// Other titles taken as other bugs.
        public var otherBugs: [String]
        /// Posterior probability of this reading.
        public var probability: Double
        /// Best candidates under this reading, with their probability given the reading.
        public var candidates: [NodeProbability]

        /// One line for the log and the result.
        public var summary: String {
            var parts: [String] = []
            if !sameBug.isEmpty { parts.append("the same bug: " + sameBug.map { "'\($0)'" }.joined(separator: ", ")) }
            if !otherBugs.isEmpty { parts.append("another bug: " + otherBugs.map { "'\($0)'" }.joined(separator: ", ")) }
            let best = candidates.prefix(3).map { "node \($0.node) (\(Int(($0.probability * 100).rounded()))%)" }
            return "if " + parts.joined(separator: "; ") + " [\(Int((probability * 100).rounded()))%]: "
                + best.joined(separator: ", ")
        }
    }

    public let dag: CommitDAG
    public let mode: BisectMode
    public let strategy: Strategy
    /// Tuning; the driver updates `buildCost` from measured times.
    public var options: Options
    private(set) var model: CrashModel
    /// What the reports of each title show (for the prior that another title is the bug's).
    public private(set) var sketches: [String: CrashSketch] = [:]
    /// Runs on revisions outside the range, with their known bug state (kept to rebuild the model).
    private var boundaryEvidence: [(evidence: RevisionEvidence, bugPresent: Bool)] = []

    /// Evidence per node of the range.
    public private(set) var evidence: [Int: RevisionEvidence] = [:]
    /// Nodes that failed to build.
    public private(set) var broken: Set<Int> = []
    /// Nodes whose artifact is at hand (testing them again costs no build).
    public private(set) var available: Set<Int> = []
    /// Builds attempted and runs made (confirmation and boundary revisions included).
    public private(set) var builds = 0
    public private(set) var runs = 0
    /// Today's syzkaller rule: verdicts as judged when each revision was tested (true = contains
    /// the change; absent = skipped or untested), and whether the reproducer looked flaky.
    var syzkallerVerdicts: [Int: Bool] = [:]
    var syzkallerFlaky = false

    // Bayesian state: log joint over (culprit node, grid point), minus a part common to all nodes.
    var logJoint: [Double]
    var commonLog: [Double]
    var nodeLogLikelihood: [Int: (x: [Double], notX: [Double])] = [:]
    /// With a change commit (``CrashModel/Drift/changePoint``), `logJoint` is derived: the joint
    /// per crash probability factor (index 0: `p`), the runs' log-likelihood per node and factor
    /// with the bug, and what the last refresh left for the choice of tests (BisectCore+Drift).
    var factorJoint: [[Double]] = []
    var nodeFactorLikelihood: [Int: [[Double]]] = [:]
    var drift = DriftState()
    /// The change commits' classes and counts, kept between records (``DriftClasses``).
    var driftClasses = DriftClasses()
    /// Recount the change commits' classes and the merges' ancestor sums from the full ancestor
    /// sets at every step, as the engine did before they were kept (`O(n²)` per record, seconds
    /// on a 40k-commit range). Same decisions; for the tests and `culprit bench engine`, which
    /// compare both.
    public var usesSlowReference = false

    public init(dag: CommitDAG, mode: BisectMode, strategy: Strategy, signature: Signature, options: Options) {
        self.dag = dag
        self.mode = mode
        self.strategy = strategy
        self.options = options
        let drift: CrashModel.Drift = options.simpleModel == true ? .none : mode == .cause ? .changePoint : .perRevision
        self.model = CrashModel(signature: signature, drift: drift)
        self.logJoint = [Double](repeating: 0, count: dag.count * model.gridCount)
        self.commonLog = model.logPrior
        resetFactorJoint()
    }

    /// In cause mode a node "contains the change" (X) when it has the bug; in fix mode when it
    /// has the fix, i.e. not the bug.
    var xMeansBugPresent: Bool { mode == .cause }

    /// Records a build attempt of `node`.
    public mutating func recordBuild(node: Int, succeeded: Bool) {
        builds += 1
        if succeeded {
            broken.remove(node)
            available.insert(node)
        } else {
            broken.insert(node)
            available.remove(node)
        }
    }

    /// Says whether `node`'s artifact is still at hand (the driver knows; the simulator keeps all).
    public mutating func setAvailable(_ node: Int, _ isAvailable: Bool) {
        if isAvailable { available.insert(node) } else { available.remove(node) }
    }

    /// Records run outcomes on a node of the range.
    public mutating func record(_ outcomes: [RunOutcome], at node: Int) {
        var e = evidence[node] ?? RevisionEvidence()
        for o in outcomes { e.add(o) }
        runs += outcomes.count
        setEvidence(e, at: node)
        refreshDrift()
        if strategy == .bayes && options.simpleModel != true { updateCandidates() }
        judgeBySyzkallerRule(node)
    }

    /// Says what the report of a crash titled `title` shows (crash kind, frames, guilty file),
    /// for the prior that it is the bug under another name. Without it the title alone is used.
    /// Only the first sketch of a title counts.
    public mutating func noteSketch(_ sketch: CrashSketch, for title: String) {
        if sketches[title] == nil { sketches[title] = sketch }
    }

    /// Other titles seen three times in the range, or twice on one revision, become candidates for
    /// being the bug under
    /// another name (at most ``CrashModel/maximumCandidates``, most frequent first); the model is
    /// rebuilt from all evidence when the set grows.
    private mutating func updateCandidates() {
        // Frequent: seen three times, or twice on one revision (a rate like a bug's, not the odd
        // unrelated crash).
        var counts: [String: Int] = [:]
        var frequent: Set<String> = []
        for (_, e) in evidence {
            for (title, n) in e.crashes where !model.signature.contains(title) {
                counts[title, default: 0] += n
                if n >= 2 || counts[title]! >= 3 { frequent.insert(title) }
            }
        }
        let known = Set(model.candidates.map(\.title)).union(model.otherBugs)
        let signatureSketches = model.signature.ranked.map { sketches[$0] ?? CrashSketch(title: $0) }
        // A title whose reports share nothing with the bug's is another bug outright: its crashes
        // mask the runs they end (not weighed as the bug renamed, nor as weak evidence of it).
        let added = counts.filter { frequent.contains($0.key) && !known.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { title, _ in
                (title: title, prior: CrashSketch.sameBugPrior(sketches[title] ?? CrashSketch(title: title), signatureSketches))
            }
        let weighed = added.filter { $0.prior > CrashSketch.nothingShared }
            .prefix(CrashModel.maximumCandidates - model.candidates.count)
        let others = model.otherBugs.union(added.filter { $0.prior <= CrashSketch.nothingShared }.map(\.title))
        guard !weighed.isEmpty || others.count > model.otherBugs.count else { return }
        rebuild(
            CrashModel(
                signature: model.signature, candidates: model.candidates + weighed, otherBugs: others,
                drift: model.drift))
    }

    /// Replaces the model and recomputes the posterior from every piece of evidence.
    private mutating func rebuild(_ newModel: CrashModel) {
        model = newModel
        logJoint = [Double](repeating: 0, count: dag.count * model.gridCount)
        commonLog = model.logPrior
        let old = evidence
        nodeLogLikelihood = [:]
        nodeFactorLikelihood = [:]
        resetFactorJoint()
        for (e, bugPresent) in boundaryEvidence {
            let ll = model.logLikelihood(e, bugPresent: bugPresent, reference: bugPresent)
            for g in commonLog.indices { commonLog[g] += ll[g] }
        }
        for (node, e) in old.sorted(by: { $0.key < $1.key }) { setEvidence(e, at: node) }
        refreshDrift()
    }

    /// Records runs on a revision outside the range whose bug state is known by construction:
    /// the bad revision in fix mode (bug present), a good boundary (bug absent in cause mode).
    public mutating func recordBoundary(_ e: RevisionEvidence, bugPresent: Bool, built: Bool = true) {
        if built { builds += 1 }
        runs += e.runs
        if bugPresent { noteSyzkallerFlakiness(e) }
        boundaryEvidence.append((e, bugPresent))
        let ll = model.logLikelihood(e, bugPresent: bugPresent, reference: bugPresent)
        for g in commonLog.indices { commonLog[g] += ll[g] }
    }

    /// Counts builds and runs made outside the range (releases walked past, a parent built to
    /// compare artifacts) against the budget.
    public mutating func countExternal(builds: Int = 0, runs: Int = 0) {
        self.builds += builds
        self.runs += runs
    }

    private mutating func setEvidence(_ e: RevisionEvidence, at node: Int) {
        evidence[node] = e
        let g = model.gridCount
        // The bad revision (the top in cause mode) defines the crash probability `p`.
        let reference = mode == .cause && node == dag.top
        let newX = model.logLikelihood(e, bugPresent: xMeansBugPresent, reference: reference)
        let newNotX = model.logLikelihood(e, bugPresent: !xMeansBugPresent, reference: reference)
        let old =
            nodeLogLikelihood[node] ?? (x: [Double](repeating: 0, count: g), notX: [Double](repeating: 0, count: g))
        nodeLogLikelihood[node] = (newX, newNotX)
        var delta = [Double](repeating: 0, count: g)
        for i in 0..<g {
            let dNot = newNotX[i] - old.notX[i]
            commonLog[i] += dNot
            delta[i] = (newX[i] - old.x[i]) - dNot
        }
        guard model.drift == .changePoint else {
            add(delta, toAncestorsOf: node, in: &logJoint)
            return
        }
        // With a change commit: the joint of each factor (the bug present; cause mode).
        let factors = model.factors
        var perFactor = [newX]
        for f in factors.dropFirst() {
            perFactor.append(model.logLikelihood(e, bugPresent: true, reference: reference, factor: f.factor))
        }
        let oldFactors = nodeFactorLikelihood[node]
        nodeFactorLikelihood[node] = perFactor
        add(delta, toAncestorsOf: node, in: &factorJoint[0])
        for k in 1..<factors.count {
            for i in 0..<g {
                let dNot = newNotX[i] - old.notX[i]
                delta[i] = (perFactor[k][i] - (oldFactors?[k][i] ?? 0)) - dNot
            }
            add(delta, toAncestorsOf: node, in: &factorJoint[k])
        }
    }

    /// Adds `delta` (one value per grid point) to the rows of `node` and its ancestors.
    private func add(_ delta: [Double], toAncestorsOf node: Int, in joint: inout [Double]) {
        let g = delta.count
        joint.withUnsafeMutableBufferPointer { joint in
            dag.ancestors[node].forEach { c in
                let base = c * g
                for i in 0..<g { joint[base + i] += delta[i] }
            }
        }
    }

    /// Whether runs on the node gave no evidence at all, often enough to give up on it.
    func isUntestable(_ node: Int) -> Bool {
        if broken.contains(node) { return true }
        guard let e = evidence[node] else { return false }
        return e.evidentialRuns == 0 && e.noEvidence >= max(2, options.runs / 2)
    }

    /// The next step.
    public func nextAction() -> Action {
        switch strategy {
        case .bayes: nextBayesAction()
        case .syzkaller, .syzbot2019: nextRuleAction()
        }
    }

    /// The conclusion if the bisection stopped now (used when the caller stops it, e.g. budget).
    public func currentConclusion(reason: String) -> Conclusion {
        switch strategy {
        case .bayes: bayesConclusion(found: false, reason: reason)
        case .syzkaller, .syzbot2019: ruleConclusion(reason: reason)
        }
    }
}
