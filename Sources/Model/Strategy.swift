/// How a bisection chooses revisions and decides.
public enum Strategy: String, Codable, Sendable, CaseIterable {
    /// Posterior over culprits, crash probability learned, runs chosen by information per cost.
    case bayes
    /// The rule of syzbot's logs: git-bisect midpoints, 10 runs, any crash = bad, broken = skip.
    case syzbot
}
