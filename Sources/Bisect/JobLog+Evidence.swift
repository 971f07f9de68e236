import BisectCore
import Model

extension JobLog {
    /// Evidence from the runs recorded for `commit`.
    func evidence(of commit: String) -> RevisionEvidence {
        var e = RevisionEvidence()
        for r in runs(of: commit) { e.add(r.outcome) }
        return e
    }
}
