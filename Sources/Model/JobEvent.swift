/// One thing that happened in a job, in the order it happened: the one stream the driver emits.
/// The console log (the syzbot-like text), the job log that makes a job resumable, a database and a
/// dashboard are all consumers of it.
///
/// JSON form (stable, snake_case): an object with `"event"` naming the case (`job_started`,
/// `phase_changed`, `revision_chosen`, `build_started`, `build_finished`, `run_finished`,
/// `test_finished`, `verdict`, `progress`, `line`, `result`) and the case's fields beside it,
/// e.g. `{"event":"run_finished","commit":"…","run":{"index":3,"outcome":{"kind":"ok"},…}}`.
public enum JobEvent: Sendable, Hashable, Codable {
    /// The job began (or resumed: `resumedBuilds`/`resumedRuns` were recorded before).
    case jobStarted(JobStarted)
    /// The job entered a phase.
    case phaseChanged(BisectionProgress.Phase)
    /// The driver chose `commit` to test `runs` more times, for `reason` (e.g. `confirming the crash`,
    /// `release v6.1`, `most information per cost`, `git bisect midpoint`).
    case revisionChosen(commit: String, runs: Int, reason: String)
    /// A build of `commit` began.
    case buildStarted(commit: String)
    /// A build of `commit` ended (built or failed).
    case buildFinished(commit: String, result: BuildResult)
    /// One reproducer run on `commit` ended; sent as each run ends, not per batch.
    case runFinished(commit: String, run: RunResult)
    /// A call of the tester on `commit` ended: `runs` runs in `seconds` of wall-clock time.
    case testFinished(commit: String, runs: Int, seconds: Double)
    /// What the runs on `commit` say: the bug is there (`bad`), not there (`good`), the revision
    /// could not be tested (`skip`), or not yet decided; `probability` that the crash is present.
    case verdict(commit: String, verdict: Verdict, probability: Double?)
    /// The posterior summary after a test (best candidate, candidates left, estimates).
    case progress(BisectionProgress)
    /// A ready log line in the syzbot-like format (`testing commit H`, `run #0: crashed: T`, ...).
    case line(String)
    /// How the job ended.
    case result(BisectionResult)

    /// What a tested revision showed, in `git bisect` words.
    public enum Verdict: String, Sendable, Hashable, Codable {
        case bad, good, skip, undecided
    }

    /// The job's identity as it starts.
    public struct JobStarted: Sendable, Hashable, Codable {
        public var job: JobID
        /// Full hashes.
        public var bad: String
        public var good: String?
        public var mode: BisectMode
        public var strategy: Strategy
        /// Builds and runs already recorded (a resumed job redoes none of them).
        public var resumedBuilds: Int
        public var resumedRuns: Int
        /// Where the job keeps its state (journal, builds, run logs, full log), when on disk.
        public var stateDirectory: String?

        public init(
            job: JobID, bad: String, good: String?, mode: BisectMode, strategy: Strategy, resumedBuilds: Int = 0,
            resumedRuns: Int = 0, stateDirectory: String? = nil
        ) {
            self.job = job
            self.bad = bad
            self.good = good
            self.mode = mode
            self.strategy = strategy
            self.resumedBuilds = resumedBuilds
            self.resumedRuns = resumedRuns
            self.stateDirectory = stateDirectory
        }

        enum CodingKeys: String, CodingKey {
            case job, bad, good, mode, strategy
            case resumedBuilds = "resumed_builds"
            case resumedRuns = "resumed_runs"
            case stateDirectory = "state_directory"
        }
    }

    /// The `"event"` value of this case.
    public var name: String {
        switch self {
        case .jobStarted: "job_started"
        case .phaseChanged: "phase_changed"
        case .revisionChosen: "revision_chosen"
        case .buildStarted: "build_started"
        case .buildFinished: "build_finished"
        case .runFinished: "run_finished"
        case .testFinished: "test_finished"
        case .verdict: "verdict"
        case .progress: "progress"
        case .line: "line"
        case .result: "result"
        }
    }

    enum CodingKeys: String, CodingKey {
        case event, job, phase, commit, runs, reason, result, build, run, seconds, verdict, probability, progress
        case text
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .event)
        switch self {
        case .jobStarted(let s): try c.encode(s, forKey: .job)
        case .phaseChanged(let p): try c.encode(p, forKey: .phase)
        case .revisionChosen(let commit, let runs, let reason):
            try c.encode(commit, forKey: .commit)
            try c.encode(runs, forKey: .runs)
            try c.encode(reason, forKey: .reason)
        case .buildStarted(let commit): try c.encode(commit, forKey: .commit)
        case .buildFinished(let commit, let result):
            try c.encode(commit, forKey: .commit)
            try c.encode(result, forKey: .build)
        case .runFinished(let commit, let run):
            try c.encode(commit, forKey: .commit)
            try c.encode(run, forKey: .run)
        case .testFinished(let commit, let runs, let seconds):
            try c.encode(commit, forKey: .commit)
            try c.encode(runs, forKey: .runs)
            try c.encode(seconds, forKey: .seconds)
        case .verdict(let commit, let verdict, let probability):
            try c.encode(commit, forKey: .commit)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(probability, forKey: .probability)
        case .progress(let p): try c.encode(p, forKey: .progress)
        case .line(let text): try c.encode(text, forKey: .text)
        case .result(let r): try c.encode(r, forKey: .result)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .event)
        switch name {
        case "job_started": self = .jobStarted(try c.decode(JobStarted.self, forKey: .job))
        case "phase_changed": self = .phaseChanged(try c.decode(BisectionProgress.Phase.self, forKey: .phase))
        case "revision_chosen":
            self = .revisionChosen(
                commit: try c.decode(String.self, forKey: .commit), runs: try c.decode(Int.self, forKey: .runs),
                reason: try c.decode(String.self, forKey: .reason))
        case "build_started": self = .buildStarted(commit: try c.decode(String.self, forKey: .commit))
        case "build_finished":
            self = .buildFinished(
                commit: try c.decode(String.self, forKey: .commit), result: try c.decode(BuildResult.self, forKey: .build))
        case "run_finished":
            self = .runFinished(
                commit: try c.decode(String.self, forKey: .commit), run: try c.decode(RunResult.self, forKey: .run))
        case "test_finished":
            self = .testFinished(
                commit: try c.decode(String.self, forKey: .commit), runs: try c.decode(Int.self, forKey: .runs),
                seconds: try c.decode(Double.self, forKey: .seconds))
        case "verdict":
            self = .verdict(
                commit: try c.decode(String.self, forKey: .commit), verdict: try c.decode(Verdict.self, forKey: .verdict),
                probability: try c.decodeIfPresent(Double.self, forKey: .probability))
        case "progress": self = .progress(try c.decode(BisectionProgress.self, forKey: .progress))
        case "line": self = .line(try c.decode(String.self, forKey: .text))
        case "result": self = .result(try c.decode(BisectionResult.self, forKey: .result))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .event, in: c, debugDescription: "unknown job event '\(name)'")
        }
    }
}
