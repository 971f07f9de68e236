import BisectCore
import Foundation
import Instance
import Model
import Support
import VCS

extension BisectionSession {
    /// Bisects the range between the good and the bad revision with the decision core; a
    /// speculative build still in flight at the end is cancelled (its processes killed).
    mutating func bisect() async throws -> BisectionResult {
        do {
            let result = try await bisectRange()
            await settleSpeculation(wanting: nil)
            return result
        } catch {
            await settleSpeculation(wanting: nil)
            throw error
        }
    }

    mutating func bisectRange() async throws -> BisectionResult {
        try enter(.bisecting)
        guard let good else { throw CulpritError.badInput("no good revision to bisect from") }
        let cause = config.mode == .cause
        let (top, base) = cause ? (bad, good) : (good, bad)
        let graph = try await repository.graph(bad: top, good: [base])
        guard let last = graph.commits.last else {
            throw CulpritError.badInput(
                cause
                    ? "the good revision \(good) already contains the bad one \(bad): --good must be older than --bad"
                    : "the bad revision \(bad) already contains the good one \(good): in a fix bisection --good is "
                        + "the newer revision, where the crash is gone")
        }
        guard last == top else {
            throw CulpritError.infrastructure("the commit graph of \(base)..\(top) does not end at \(top)")
        }
        var index: [String: Int] = [:]
        for (i, c) in graph.commits.enumerated() { index[c] = i }
        let dag = try CommitDAG(
            ids: graph.commits, parents: graph.commits.map { (graph.parents[$0] ?? []).compactMap { index[$0] } })
        titles = graph.titles
        var core = BisectCore(
            dag: dag, mode: config.mode, strategy: config.strategy, signature: signature, options: config.coreOptions)
        replay(into: &core)
        line("# git bisect start \(top) \(base)")
        logBisecting(core)
        self.core = core
        while true {
            try Self.checkCancellation()
            updateCosts(&core)
            markBuildsAtHand(&core)
            self.core = core
            switch core.nextAction() {
            case .finish(let conclusion):
                if let boundary = unverifiedBoundary(conclusion, core) {
                    if let result = try await verifyBoundary(boundary, &core) { return result }
                    continue
                }
                return try await finish(conclusion)
            case .test(let node, let runs, _):
                let commit = dag.ids[node]
                let previous = builtInWorktree
                let buildsBefore = journal.buildCount(of: commit)
                let reason =
                    core.strategy.isGitBisectRule ? "git bisect midpoint" : "most expected information per unit of cost"
                plannedSpeculation = speculationTarget(core, testing: node, runs: runs)
                let results = try await test(commit, runs: runs, reason: reason)
                if journal.buildCount(of: commit) > buildsBefore {
                    core.recordBuild(node: node, succeeded: journal.build(of: commit)?.status == .built)
                }
                if let previous, previous != builtInWorktree, let p = dag.index[previous] {
                    core.setAvailable(p, journal.build(of: previous).map(isReusable) ?? false)
                }
                guard let results else {
                    line("# git bisect skip \(commit)")
                    try emit(.verdict(commit: commit, verdict: .skip, probability: nil))
                    self.core = core
                    progress()
                    continue
                }
                core.setAvailable(node, true)
                core.noteReports(results.map(\.outcome))
                core.record(results.map(\.outcome), at: node)
                self.core = core
                let (verdict, probability) = verdict(core, node)
                try emit(.verdict(commit: commit, verdict: verdict, probability: probability))
                logVerdict(commit, verdict, probability)
                logBisecting(core)
                progress()
            }
        }
    }

    /// The untested revision an answer rests on: the good revision when the culprit is right above
    /// it (cause mode), or the fixed revision itself when it is named as the fix (fix mode).
    /// Users sometimes give a "good" revision that has the bug; this catches it before answering.
    func unverifiedBoundary(_ conclusion: BisectCore.Conclusion, _ core: BisectCore) -> String? {
        guard core.strategy == .bayes, conclusion.outcome == .found, let node = conclusion.culprit, let good else {
            return nil
        }
        let boundary: String
        if config.mode == .cause {
            guard core.dag.parents[node].isEmpty else { return nil }
            boundary = good
        } else {
            guard node == core.dag.top else { return nil }
            boundary = core.dag.ids[node]
        }
        return journal.evidence(of: boundary).evidentialRuns == 0 ? boundary : nil
    }

    /// Tests the good revision; a result when it shows the crash (the answer would be wrong).
    mutating func verifyBoundary(_ commit: String, _ core: inout BisectCore) async throws -> BisectionResult? {
        let named = config.good.map { $0 == commit ? commit : "\($0) (\(commit))" } ?? commit
        line("checking that the good revision \(named) is clean: the answer rests on it")
        let reason = "checking the good revision the answer rests on"
        guard let results = try await test(commit, runs: 2 * config.runs, reason: reason) else {
            let why = "the good revision \(commit) does not build, so the answer cannot be checked against it"
            line("# git bisect skip \(commit)")
            return inconclusive(why, core)
        }
        var e = RevisionEvidence()
        for r in results { e.add(r.outcome) }
        let p = CrashModel(signature: signature).bugProbability(e, calibratedOn: journal.evidence(of: bad))
        if p >= 0.5 {
            let why =
                "the good revision \(named) shows the crash too (probability \(BisectionLog.percent(p))): the change "
                + "is outside the range; give a --good revision without the crash"
            line("# git bisect bad \(commit)")
            return inconclusive(why, core)
        }
        line("# git bisect good \(commit)")
        loggedVerdicts[commit] = .good
        if let node = core.dag.index[commit] {
            core.noteReports(results.map(\.outcome))
            core.record(results.map(\.outcome), at: node)
        } else {
            core.countExternal(builds: journal.buildCount(of: commit))
            core.recordBoundary(e, bugPresent: false, built: false)
        }
        self.core = core
        return nil
    }

    mutating func inconclusive(_ why: String, _ core: BisectCore) -> BisectionResult {
        line(why)
        var r = result(outcome: .inconclusive, conclusion: core.currentConclusion(reason: why), reason: why)
        r.warnings.insert(why, at: 0)
        logSummary(r, core: core)
        return r
    }

    /// Feeds every recorded build and run into the core (a resumed job redoes none of them).
    /// Runs are fed per test call, as they were when made; runs of a call cut short by a kill last.
    func replay(into core: inout BisectCore) {
        let cause = config.mode == .cause
        var pending: [String: [RunOutcome]] = [:]
        var order: [String] = []
        func feed(_ commit: String, _ outcomes: [RunOutcome]) {
            if let node = core.dag.index[commit] {
                core.noteReports(outcomes)
                core.record(outcomes, at: node)
            } else if commit == bad || (cause && commit == good) {
                var e = RevisionEvidence()
                for o in outcomes { e.add(o) }
                core.recordBoundary(e, bugPresent: commit == bad, built: false)
            } else {
                core.countExternal(runs: outcomes.count)
            }
        }
        for event in journal.events {
            switch event {
            case .buildFinished(let commit, let result):
                if let node = core.dag.index[commit] {
                    core.recordBuild(node: node, succeeded: result.status == .built)
                } else {
                    core.countExternal(builds: 1)
                }
            case .runFinished(let commit, let run):
                if pending[commit] == nil { order.append(commit) }
                pending[commit, default: []].append(run.outcome)
            case .testFinished(let commit, _, _):
                if let outcomes = pending.removeValue(forKey: commit) {
                    order.removeAll { $0 == commit }
                    feed(commit, outcomes)
                }
            default: break
            }
        }
        for commit in order { feed(commit, pending[commit] ?? []) }
        for node in core.available {
            let id = core.dag.ids[node]
            core.setAvailable(node, builtInWorktree == id || (journal.build(of: id).map(isReusable) ?? false))
        }
    }

    /// Tells the core what a build costs in runs, from the times measured on this job.
    func updateCosts(_ core: inout BisectCore) {
        let builds = journal.builds.map(\.result).filter { $0.status == .built }
        let calls = journal.testCalls
        let buildSeconds = builds.reduce(0) { $0 + $1.seconds }
        let runCount = calls.reduce(0) { $0 + $1.runs }
        let testSeconds = calls.reduce(0) { $0 + $1.seconds }
        // Too little time measured says nothing (and would make decisions depend on noise).
        guard buildSeconds >= 10, testSeconds >= 10, runCount > 0 else { return }
        let ratio = (buildSeconds / Double(builds.count)) / (testSeconds / Double(runCount))
        core.options.buildCost = min(max(ratio, 1), 50)
    }

    /// The verdict on a tested node, with the probability that the crash is present (the default
    /// strategy's; the git-bisect rules have none).
    func verdict(_ core: BisectCore, _ node: Int) -> (JobEvent.Verdict, Double?) {
        switch core.strategy {
        case .syzkaller, .syzbot2019:
            guard let x = core.ruleVerdict(node) else { return (.skip, nil) }
            return (x == (core.mode == .cause) ? .bad : .good, nil)
        case .bayes:
            let p = core.bugProbability(at: node)
            return (p >= 0.95 ? .bad : p <= 0.05 ? .good : .undecided, p)
        }
    }

    /// Logs the verdict: `# git bisect bad H` (crash very probably present), `good`, or the
    /// probability when unsure; a retest that confirms the verdict already logged says so once
    /// (`# retested H: still good ...`) instead of repeating the `git bisect` line.
    mutating func logVerdict(_ commit: String, _ verdict: JobEvent.Verdict, _ probability: Double?) {
        let p = probability.map { " (crash present with probability \(BisectionLog.percent($0)))" } ?? ""
        switch verdict {
        case .bad, .good, .skip:
            if loggedVerdicts[commit] == verdict {
                line("# retested \(commit): still \(verdict.rawValue)\(p)")
            } else {
                line("# git bisect \(verdict.rawValue) \(commit)")
            }
            loggedVerdicts[commit] = verdict
        case .undecided:
            line("# undecided \(commit): crash present with probability \(BisectionLog.percent(probability ?? 0.5))")
        }
    }

    /// Logs what remains, as `git bisect` says it (the default strategy gives its candidates),
    /// saying why when the count did not move.
    mutating func logBisecting(_ core: BisectCore) {
        let (text, count) = bisectingLine(core)
        var shown = text
        if let last = lastCandidateCount, last == count, let colon = text.firstIndex(of: ";") ?? text.firstIndex(of: "(") {
            let why =
                core.strategy == .bayes
                ? " (unchanged: the last test shifted the probabilities without ruling a commit out)"
                : " (unchanged: the last revision was skipped)"
            shown = String(text[..<colon]) + why + String(text[colon...])
        }
        lastCandidateCount = count
        line(shown)
    }

    /// What remains, as `git bisect` says it, and the count it gives.
    func bisectingLine(_ core: BisectCore) -> (text: String, count: Int) {
        switch core.strategy {
        case .syzkaller, .syzbot2019:
            let n = core.ruleRemainingCount()
            let steps = n > 1 ? Int(log2(Double(n)).rounded()) : 0
            let left = max(n - 1, 0)
            return (
                "Bisecting: \(Self.plural(left, "revision")) left to test after this "
                    + "(roughly \(Self.plural(steps, "step")))", left
            )
        case .bayes:
            let post = core.posterior().nodes
            let left = post.filter { $0 > 0.001 }.count
            var best = 0
            for c in post.indices where post[c] > post[best] { best = c }
            let id = core.dag.ids[best]
            let p = String(format: "%.2f", core.estimatedCrashProbability())
            var text =
                "Bisecting: \(Self.plural(left, "candidate")) left, best \(id.prefix(12)) at "
                + "\(BisectionLog.percent(post[best])); crash probability per run about \(p)"
            if let tests = estimatedTestsLeft(core, post: post), tests > 0 {
                text += " (roughly \(Self.plural(tests, "test")) left)"
            }
            return (text, left)
        }
    }

    /// `1 candidate`, `2 candidates`.
    static func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// Tests still needed: bits to resolve over the bits gained per test so far.
    func estimatedTestsLeft(_ core: BisectCore, post: [Double]) -> Int? {
        switch core.strategy {
        case .syzkaller, .syzbot2019:
            let n = core.ruleRemainingCount()
            return n > 1 ? Int(log2(Double(n)).rounded(.up)) : 0
        case .bayes:
            let entropy = BisectCore.entropy(post)
            let best = post.max() ?? 0
            if best >= core.options.confidence { return 0 }
            let start = log2(Double(core.dag.count))
            let tested = Set(core.evidence.keys).count
            let rate = tested > 1 ? max((start - entropy) / Double(tested), 0.3) : 0.8
            return max(1, Int(((entropy + 1) / rate).rounded(.up)))
        }
    }

    /// Emits a progress event.
    func progress() {
        let builds = journal.builds
        let batches = journal.testCalls
        let runs = batches.reduce(0) { $0 + $1.runs }
        let revisions = Set(batches.map(\.commit)).count
        var progress = BisectionProgress(
            phase: phase, revisionsTested: revisions, builds: builds.count, runs: runs, candidatesLeft: 0,
            bestProbability: 0)
        if phase == .bisecting, let core {
            let post: [Double] =
                core.strategy == .bayes
                ? core.posterior().nodes
                : Array(repeating: 1 / Double(max(core.ruleRemainingCount(), 1)), count: core.ruleRemainingCount())
            progress.candidatesLeft = post.filter { $0 > 0.001 }.count
            progress.bestProbability = post.max() ?? 0
            if core.strategy == .bayes, let best = post.indices.max(by: { post[$0] < post[$1] }) {
                progress.bestCandidate = core.dag.ids[best]
            }
            if let tests = estimatedTestsLeft(core, post: core.strategy == .bayes ? post : []) {
                progress.estimatedTestsLeft = tests
                let buildTime = builds.reduce(0) { $0 + $1.result.seconds } / Double(max(builds.count, 1))
                let testTime = batches.reduce(0) { $0 + $1.seconds } / Double(max(batches.count, 1))
                progress.estimatedSecondsLeft = Double(tests) * (buildTime + testTime)
            }
        }
        try? emit(.progress(progress))
    }
}
