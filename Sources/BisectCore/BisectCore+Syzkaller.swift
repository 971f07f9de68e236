extension BisectCore {
    /// Whether today's syzkaller rule considers the reproducer flaky (a bad verdict so far had
    /// fewer than half its runs crashing): revisions then get more runs and a stricter good.
    public var reproducerLooksFlaky: Bool { syzkallerFlaky }

    /// Judges `node` by today's syzkaller rule after runs on it, with the flaky state of that
    /// moment (a later flaky verdict does not rewrite earlier ones, as in a real bisection).
    mutating func judgeBySyzkallerRule(_ node: Int) {
        guard strategy == .syzkaller, let e = evidence[node] else { return }
        if let bugPresent = SyzkallerRule.verdict(e, flaky: syzkallerFlaky) {
            syzkallerVerdicts[node] = bugPresent == xMeansBugPresent
        } else {
            syzkallerVerdicts[node] = nil
        }
        noteSyzkallerFlakiness(e)
    }

    /// Notes runs on a revision known to have the bug (the start commit in fix mode).
    mutating func noteSyzkallerFlakiness(_ e: RevisionEvidence) {
        if strategy == .syzkaller && SyzkallerRule.looksFlaky(e) { syzkallerFlaky = true }
    }
}
