/// One bisection job as a value: what a YAML job file, the command line, an HTTP body and a
/// database row all describe. Plain data; the engine validates it and the backend named in
/// ``backend`` decodes its own settings.
///
/// JSON keys are snake_case (`max_builds`, `parallel_runs`, ...).
public struct JobSpec: Sendable, Hashable, Codable {
    /// The repository: a local path or a git URL.
    public var repository: String
    /// A revision where the crash happens (for a fix bisection: where it still happens).
    public var bad: String
    /// A revision without the crash; nil: release tags before `bad` are walked back (cause mode).
    public var good: String?
    public var mode: BisectMode
    public var strategy: Strategy
    /// Budgets and tuning of the decision core.
    public var budgets: Budgets
    /// Test runs at the same time; nil: the machine's processors.
    public var parallelRuns: Int?
    /// Seconds one test run may take; nil: the backend's default.
    public var timeout: Double?
    public var backend: BackendSpec
    /// Reduce the backend's config to one that still reproduces the crash before bisecting
    /// (`--minimize-config`, `minimize-config: true`); nil: no.
    public var minimizeConfig: Bool?

    /// How much a job may spend and when it stops.
    public struct Budgets: Sendable, Hashable, Codable {
        /// Base runs per revision (the default strategy adapts around it).
        public var runs: Int
        /// Target probability for naming a culprit (0.5 < c < 1).
        public var confidence: Double
        /// At most this many builds; nil: the engine's default.
        public var maxBuilds: Int?
        /// At most this many test runs; nil: the engine's default.
        public var maxRuns: Int?

        public init(runs: Int = 8, confidence: Double = 0.95, maxBuilds: Int? = nil, maxRuns: Int? = nil) {
            self.runs = runs
            self.confidence = confidence
            self.maxBuilds = maxBuilds
            self.maxRuns = maxRuns
        }

        enum CodingKeys: String, CodingKey {
            case runs, confidence
            case maxBuilds = "max_builds"
            case maxRuns = "max_runs"
        }
    }

    public init(
        repository: String, bad: String, good: String? = nil, mode: BisectMode = .cause, strategy: Strategy = .bayes,
        budgets: Budgets = Budgets(), parallelRuns: Int? = nil, timeout: Double? = nil, backend: BackendSpec,
        minimizeConfig: Bool? = nil
    ) {
        self.repository = repository
        self.bad = bad
        self.good = good
        self.mode = mode
        self.strategy = strategy
        self.budgets = budgets
        self.parallelRuns = parallelRuns
        self.timeout = timeout
        self.backend = backend
        self.minimizeConfig = minimizeConfig
    }

    enum CodingKeys: String, CodingKey {
        case repository, bad, good, mode, strategy, budgets
        case parallelRuns = "parallel_runs"
        case timeout, backend
        case minimizeConfig = "minimize_config"
    }
}
