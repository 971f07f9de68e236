extension BisectCore {
    /// The git-bisect rule's verdict on a tested node (``Strategy/syzkaller`` or
    /// ``Strategy/syzbot2019``): true = contains the change, false = does not, nil = skipped
    /// (broken build, no usable run, or the rule's counts were not met) or untested.
    public func ruleVerdict(_ node: Int) -> Bool? {
        if broken.contains(node) { return nil }
        guard let e = evidence[node], e.evidentialRuns > 0 else { return nil }
        switch strategy {
        case .syzkaller:
            return syzkallerVerdicts[node]
        case .syzbot2019, .bayes:
            let bugPresent = e.crashCount > 0
            return bugPresent == xMeansBugPresent
        }
    }

    /// git bisect's remaining set: ancestors of every node marked as containing the change (the
    /// top always does), minus ancestors of every node marked as not containing it.
    func ruleRemaining() -> [Int] {
        var inAll = dag.ancestors[dag.top]
        var excluded = NodeSet(capacity: dag.count)
        for (node, _) in evidence {
            switch ruleVerdict(node) {
            case true?: inAll = inAll.intersection(dag.ancestors[node])
            case false?: excluded.formUnion(dag.ancestors[node])
            case nil: break
            }
        }
        var remaining: [Int] = []
        inAll.forEach { if !excluded.contains($0) { remaining.append($0) } }
        return remaining
    }

    func ruleConclusion(reason: String) -> Conclusion {
        let remaining = ruleRemaining()
        if remaining.count == 1 {
            return Conclusion(
                outcome: .found, culprit: remaining[0],
                candidates: [NodeProbability(node: remaining[0], probability: 1)], confidence: 1, reason: reason)
        }
        let share = 1 / Double(max(remaining.count, 1))
        return Conclusion(
            outcome: .inconclusive, culprit: nil,
            candidates: remaining.reversed().prefix(20).map { NodeProbability(node: $0, probability: share) },
            confidence: share, reason: reason)
    }

    func nextRuleAction() -> Action {
        let remaining = ruleRemaining()
        if remaining.count <= 1 {
            return .finish(ruleConclusion(reason: "one commit left"))
        }
        if runs >= options.effectiveMaxRuns {
            return .finish(ruleConclusion(reason: "run budget spent (\(runs) runs)"))
        }
        let canBuild = builds < options.effectiveMaxBuilds
        var inRange = NodeSet(capacity: dag.count)
        for c in remaining { inRange.insert(c) }
        var best: Int?
        var bestScore = -1
        for c in remaining where evidence[c] == nil && !broken.contains(c) && (canBuild || available.contains(c)) {
            let weight = dag.ancestors[c].intersection(inRange).count
            let score = min(weight, remaining.count - weight)
            if score > bestScore {
                bestScore = score
                best = c
            }
        }
        guard let node = best else {
            let why =
                canBuild ? "only skipped commits left to test" : "build budget spent (\(builds) builds)"
            return .finish(ruleConclusion(reason: why))
        }
        let wanted = strategy == .syzkaller ? SyzkallerRule.runs(flaky: reproducerLooksFlaky) : options.syzbotRuns
        let k = min(wanted, options.effectiveMaxRuns - runs)
        // The 2019 rule's verdict cannot change after a crash; today's counts crashes.
        return .test(node: node, runs: k, stopAtFirstCrash: strategy == .syzbot2019)
    }

    /// For the log: commits left, as `git bisect` prints them.
    public func ruleRemainingCount() -> Int { ruleRemaining().count }
}
