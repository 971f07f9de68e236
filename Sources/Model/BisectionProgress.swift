/// Where a bisection stands after each test: the posterior summary a progress line, a chart or a
/// dashboard shows, with an estimate of what remains.
public struct BisectionProgress: Sendable, Hashable, Codable {
    /// The part of the job under way.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Testing the bad revision until the crash and its signature are known.
        case confirming
        /// No good revision given: walking release tags back until one is clean.
        case releases
        /// Choosing revisions in the range with the decision core.
        case bisecting
        /// Checking the answer (the parent's build, recipients).
        case checking
    }

    public var phase: Phase
    public var revisionsTested: Int
    public var builds: Int
    public var runs: Int
    /// Commits still in play (posterior above 0.1%, or git bisect's remaining set).
    public var candidatesLeft: Int
    /// Probability of the best candidate so far.
    public var bestProbability: Double
    /// The best candidate so far (full hash), while bisecting.
    public var bestCandidate: String?
    /// Rough number of tests still needed, and the time they would take at the pace so far.
    public var estimatedTestsLeft: Int?
    public var estimatedSecondsLeft: Double?

    public init(
        phase: Phase, revisionsTested: Int, builds: Int, runs: Int, candidatesLeft: Int, bestProbability: Double,
        bestCandidate: String? = nil, estimatedTestsLeft: Int? = nil, estimatedSecondsLeft: Double? = nil
    ) {
        self.phase = phase
        self.revisionsTested = revisionsTested
        self.builds = builds
        self.runs = runs
        self.candidatesLeft = candidatesLeft
        self.bestProbability = bestProbability
        self.bestCandidate = bestCandidate
        self.estimatedTestsLeft = estimatedTestsLeft
        self.estimatedSecondsLeft = estimatedSecondsLeft
    }

    enum CodingKeys: String, CodingKey {
        case phase
        case revisionsTested = "revisions_tested"
        case builds, runs
        case candidatesLeft = "candidates_left"
        case bestProbability = "best_probability"
        case bestCandidate = "best_candidate"
        case estimatedTestsLeft = "estimated_tests_left"
        case estimatedSecondsLeft = "estimated_seconds_left"
    }
}
