import Foundation
import Model

extension BisectionProgress {
    /// One line for a terminal.
    public var summary: String {
        var s = "\(phase.rawValue): \(revisionsTested) revisions, \(builds) builds, \(runs) runs"
        if phase == .bisecting {
            s += String(format: "; %d candidates, best %.0f%%", candidatesLeft, 100 * bestProbability)
        }
        if let t = estimatedTestsLeft {
            s += "; ~\(t) tests left"
            if let secs = estimatedSecondsLeft { s += " (~\(BisectionLog.duration(secs)))" }
        }
        return s
    }
}
