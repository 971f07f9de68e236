/// How a bisection ended, with everything the log's last lines and `--json` show.
/// JSON keys are snake_case: `culprit` {hash, title, author} or null, `candidates`
/// [{hash, title, probability}], `confidence`, `revisions_tested`, `builds`, `test_runs`,
/// `build_seconds`, `test_seconds`, `crash` {title, report}, `recipients`, `warnings`.
public struct BisectionResult: Sendable, Codable, Hashable {
    /// JSON values are snake_case like the keys (`not_reproducible`); the camelCase spellings of
    /// older journals are still read.
    public enum Outcome: String, Codable, Sendable {
        /// One commit reached the target confidence.
        case found
        /// Budget spent, or untestable commits left several candidates.
        case inconclusive
        /// The crash did not reproduce on the bad revision.
        case notReproducible = "not_reproducible"
        /// No good revision given and every release tested crashed.
        case noCleanRelease = "no_clean_release"

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            switch text {
            case "notReproducible": self = .notReproducible
            case "noCleanRelease": self = .noCleanRelease
            default:
                guard let o = Outcome(rawValue: text) else {
                    throw DecodingError.dataCorrupted(
                        .init(codingPath: decoder.codingPath, debugDescription: "unknown outcome '\(text)'"))
                }
                self = o
            }
        }
    }

    /// A commit named by the result.
    public struct CulpritCommit: Sendable, Codable, Hashable {
        public var hash: String
        public var title: String
        /// "Name <email>".
        public var author: String

        public init(hash: String, title: String, author: String) {
            self.hash = hash
            self.title = title
            self.author = author
        }
    }

    /// A candidate culprit and its posterior probability.
    public struct Candidate: Sendable, Codable, Hashable {
        public var hash: String
        public var title: String
        public var probability: Double

        public init(hash: String, title: String, probability: Double) {
            self.hash = hash
            self.title = title
            self.probability = probability
        }
    }

    /// The bug's crash as seen on the bad revision.
    public struct CrashSummary: Sendable, Codable, Hashable {
        public var title: String
        public var report: String?

        public init(title: String, report: String?) {
            self.title = title
            self.report = report
        }
    }

    public var outcome: Outcome
    public var mode: BisectMode
    public var strategy: Strategy
    /// The culprit (cause mode) or fix (fix mode); nil unless found.
    public var culprit: CulpritCommit?
    /// Most probable first.
    public var candidates: [Candidate]
    /// Probability of the best candidate.
    public var confidence: Double
    public var revisionsTested: Int
    public var builds: Int
    public var testRuns: Int
    public var buildSeconds: Double
    public var testSeconds: Double
    public var crash: CrashSummary?
    public var recipients: Recipients?
    /// Reasons to distrust the answer (artifact identical to the parent's, merge, docs only).
    public var warnings: [String]
    /// For noCleanRelease: the oldest release tested (it crashed too).
    public var oldestReleaseTested: String?
    /// One line on why it ended.
    public var reason: String
    /// Where the job's state lives (rerun the same command to resume).
    public var stateDirectory: String
    /// The full hashes of the revision the job started from (the bad one) and of the good one
    /// (given, or the clean release found), when known.
    public var badCommit: String?
    public var goodCommit: String?
    /// The compiler that built the culprit (without one, the last revision tested), when the
    /// backend knows it (the kernel's: it follows each revision's kernel version).
    public var compiler: String?
    /// The kernel configuration the revisions were built with (kernel jobs).
    public var config: String?
    /// The job's full log (`log.txt` in the state directory).
    public var logPath: String?

    public init(
        outcome: Outcome, mode: BisectMode, strategy: Strategy, culprit: CulpritCommit?, candidates: [Candidate],
        confidence: Double, revisionsTested: Int, builds: Int, testRuns: Int, buildSeconds: Double,
        testSeconds: Double, crash: CrashSummary?, recipients: Recipients?, warnings: [String],
        oldestReleaseTested: String?, reason: String, stateDirectory: String
    ) {
        self.outcome = outcome
        self.mode = mode
        self.strategy = strategy
        self.culprit = culprit
        self.candidates = candidates
        self.confidence = confidence
        self.revisionsTested = revisionsTested
        self.builds = builds
        self.testRuns = testRuns
        self.buildSeconds = buildSeconds
        self.testSeconds = testSeconds
        self.crash = crash
        self.recipients = recipients
        self.warnings = warnings
        self.oldestReleaseTested = oldestReleaseTested
        self.reason = reason
        self.stateDirectory = stateDirectory
    }

    enum CodingKeys: String, CodingKey {
        case outcome, mode, strategy, culprit, candidates, confidence
        case revisionsTested = "revisions_tested"
        case builds
        case testRuns = "test_runs"
        case buildSeconds = "build_seconds"
        case testSeconds = "test_seconds"
        case crash, recipients, warnings
        case oldestReleaseTested = "oldest_release_tested"
        case reason
        case stateDirectory = "state_directory"
        case badCommit = "bad_commit"
        case goodCommit = "good_commit"
        case compiler, config
        case logPath = "log_path"
    }

    /// Encodes `culprit` and `crash` as null when absent (the keys are always there).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(mode, forKey: .mode)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(culprit, forKey: .culprit)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(revisionsTested, forKey: .revisionsTested)
        try c.encode(builds, forKey: .builds)
        try c.encode(testRuns, forKey: .testRuns)
        try c.encode(buildSeconds, forKey: .buildSeconds)
        try c.encode(testSeconds, forKey: .testSeconds)
        try c.encode(crash, forKey: .crash)
        try c.encode(recipients, forKey: .recipients)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(oldestReleaseTested, forKey: .oldestReleaseTested)
        try c.encode(reason, forKey: .reason)
        try c.encode(stateDirectory, forKey: .stateDirectory)
        try c.encode(badCommit, forKey: .badCommit)
        try c.encode(goodCommit, forKey: .goodCommit)
        try c.encode(compiler, forKey: .compiler)
        try c.encode(config, forKey: .config)
        try c.encode(logPath, forKey: .logPath)
    }

    /// The process exit status for this result.
    public var exitStatus: ExitStatus {
        switch outcome {
        case .found: .success
        case .inconclusive, .noCleanRelease: .inconclusive
        case .notReproducible: .notReproducible
        }
    }
}
