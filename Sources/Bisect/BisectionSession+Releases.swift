import BisectCore
import Foundation
import Instance
import Model
import Support
import VCS

extension BisectionSession {
    /// No good revision given: tests release tags before the bad revision, newest first (dense
    /// then sparser), until one is clean. Returns a result when every release tested crashes.
    mutating func findGoodRelease() async throws -> BisectionResult? {
        try enter(.releases)
        let (all, tooOld) = Self.splitAtCutoff(try await repository.releases(before: bad), config.releaseCutoff)
        let releases = ReleaseTag.sampled(all)
        if releases.isEmpty, let newest = tooOld.first, let cutoff = config.releaseCutoff {
            let why = "no release to test: \(newest.name) and older are older than \(cutoff.major).\(cutoff.minor), "
                + "\(cutoff.reason); give --good REV, a revision without the crash"
            line(why)
            return result(outcome: .noCleanRelease, conclusion: nil, reason: why)
        }
        guard !releases.isEmpty else {
            throw CulpritError.badInput(
                "no --good revision given and no release tag (vX.Y) is an ancestor of \(bad): give --good REV, "
                    + "a revision without the crash")
        }
        for tag in releases {
            line("testing release \(tag.name)")
            switch try await releaseVerdict(tag.commit, name: tag.name) {
            case .clean:
                good = tag.commit
                line("release \(tag.name) (\(tag.commit)) is clean: bisecting from it")
                return nil
            case .crashes:
                oldestRelease = tag.name
            case .untestable:
                line("release \(tag.name) cannot be tested; trying an older one")
            }
        }
        let oldest = oldestRelease ?? releases.last!.name
        var why =
            "every release tested crashes (oldest tested: \(oldest)); give --good REV, a revision without the crash"
        if let older = tooOld.first, let cutoff = config.releaseCutoff {
            why = "the release walk stops at \(oldest): every release tested crashes, and \(older.name) and older "
                + "are older than \(cutoff.major).\(cutoff.minor), \(cutoff.reason); give --good REV, a revision "
                + "without the crash"
        }
        line(why)
        return result(outcome: .noCleanRelease, conclusion: nil, reason: why)
    }

    enum ReleaseVerdict { case clean, crashes, untestable }

    /// Releases (newest first) at or after the cutoff, and those before it.
    static func splitAtCutoff(_ releases: [ReleaseTag], _ cutoff: BisectionConfig.ReleaseCutoff?) -> (
        kept: [ReleaseTag], tooOld: [ReleaseTag]
    ) {
        guard let cutoff else { return (releases, []) }
        let isOld = { (tag: ReleaseTag) in (tag.major, tag.minor) < (cutoff.major, cutoff.minor) }
        return (releases.filter { !isOld($0) }, releases.filter(isOld))
    }

    /// A crash outside the signature on at least half the runs, and no signature crash: the
    /// revision is dominated by another bug (seed 003's releases), which says nothing about ours.
    func maskingCrash(_ e: RevisionEvidence) -> String? {
        let other = e.crashes.filter { !signature.contains($0.key) }
        let otherCount = other.values.reduce(0, +)
        guard e.evidentialRuns >= 4, otherCount * 2 >= e.evidentialRuns, otherCount == e.crashCount,
            let top = other.max(by: { $0.value < $1.value })
        else { return nil }
        return "\(top.key), \(top.value) of \(e.evidentialRuns) runs"
    }

    /// Tests a release until its state is clear: the 2019 syzbot rule's 10 runs (any crash = bad),
    /// today's syzkaller rule's runs and verdict (a skip is untestable; flaky when the bad
    /// revision's runs looked flaky), or
    /// for the default strategy until the bug is very probably present or absent (at most six
    /// times the base runs, then the more probable side).
    mutating func releaseVerdict(_ commit: String, name: String) async throws -> ReleaseVerdict {
        let options = config.coreOptions
        let confirmation = journal.evidence(of: bad)
        while true {
            let e = journal.evidence(of: commit)
            if journal.build(of: commit)?.status == .failed { return .untestable }
            let wanted: Int
            switch config.strategy {
            case .syzkaller:
                let flaky = SyzkallerRule.looksFlaky(confirmation)
                if e.runs > 0 {
                    switch SyzkallerRule.verdict(e, flaky: flaky) {
                    case true?: return .crashes
                    case false?: return .clean
                    case nil: return .untestable
                    }
                }
                wanted = SyzkallerRule.runs(flaky: flaky)
            case .syzbot2019:
                if e.evidentialRuns > 0 { return e.crashCount > 0 ? .crashes : .clean }
                if e.runs >= options.syzbotRuns { return .untestable }
                wanted = options.syzbotRuns
            case .bayes:
                if let masking = maskingCrash(e) {
                    line("another crash hides the bug here (\(masking)): no evidence")
                    return .untestable
                }
                switch ReproductionCheck.decide(
                    e, reference: confirmation, signature: signature, runs: options.runs,
                    confidence: options.confidence)
                {
                case .present: return .crashes
                case .absent: return .clean
                // A release taken as clean bounds the whole bisection, so the doubt allowed is a
                // fifth of the answer's; at the run limit the more probable side is taken.
                case .undecided(let p):
                    guard e.evidentialRuns > 0 else { return .untestable }
                    return p < 0.5 ? .clean : .crashes
                case .more(let n): wanted = n
                }
            }
            guard try await test(commit, runs: wanted, reason: "release \(name): looking for a clean one") != nil else {
                return .untestable
            }
            progress()
        }
    }
}
