/// Where a bisection stands, with an estimate of what remains.
public struct BisectionProgress: Sendable, Hashable {
    public enum Phase: String, Sendable { case confirming, releases, bisecting, checking }

    public var phase: Phase
    public var revisionsTested: Int
    public var builds: Int
    public var runs: Int
    /// Commits still in play (posterior above 0.1%, or git bisect's remaining set).
    public var candidatesLeft: Int
    /// Probability of the best candidate so far.
    public var bestProbability: Double
    /// Rough number of tests still needed, and the time they would take at the pace so far.
    public var estimatedTestsLeft: Int?
    public var estimatedSecondsLeft: Double?

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
