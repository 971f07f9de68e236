import BisectCore
import Model

/// What to bisect and how: the engine's input (the CLI builds it from flags or a job file).
public struct BisectionConfig: Sendable, Codable, Hashable {
    /// Path of the git repository (work tree or bare).
    public var repository: String
    /// A revision where the crash happens.
    public var bad: String
    /// A revision without the crash: older than `bad` in cause mode, newer in fix mode. When nil
    /// in cause mode, release tags before `bad` are walked back until one is clean; fix mode
    /// needs it.
    public var good: String?
    public var mode: BisectMode = .cause
    public var strategy: Strategy = .bayes
    /// Base runs per revision (the default strategy adapts around it; confirmation runs more).
    public var runs: Int = 8
    /// Target probability for naming a culprit.
    public var confidence: Double = 0.95
    /// Budget. Nil: 100 builds / 100 x `runs` runs.
    public var maxBuilds: Int?
    public var maxRuns: Int?
    /// Where build and run results are persisted; nil: `<git dir>/culprit/<job id>`.
    public var stateDirectory: String?
    /// What builds and tests (e.g. the build and test command lines): part of the job id, so that
    /// changing the commands starts a new job instead of reusing results they did not produce.
    public var backendIdentity: String = ""
    /// Runs the tester makes at the same time (`--jobs`): the default strategy asks for at least
    /// this many runs per test, so that no slot idles.
    public var parallelRuns: Int = 1
    /// While a revision is tested, build the revision most likely needed next in a second work
    /// tree (`--speculative-builds`; the default strategy only): cancelled when useless.
    public var speculativeBuilds = false
    /// The kernel configuration the job builds with (kernel jobs; shown in the result).
    public var kernelConfig: String?
    /// Top-level directories of the worktree kept across checkouts (out-of-tree build dirs).
    public var keepDirectories: [String] = []
    /// The oldest release the backend can build (the kernel's compiler table): the release walk
    /// stops there instead of trying older releases that cannot build.
    public var releaseCutoff: ReleaseCutoff?

    /// The oldest release worth testing, and why (for the log).
    public struct ReleaseCutoff: Sendable, Codable, Hashable {
        /// `vX.Y` releases older than `major.minor` are not tested.
        public var major: Int
        public var minor: Int
        public var reason: String

        public init(major: Int, minor: Int, reason: String) {
            self.major = major
            self.minor = minor
            self.reason = reason
        }
    }

    public init(repository: String, bad: String) {
        self.repository = repository
        self.bad = bad
    }

    /// Options of the decision core.
    var coreOptions: BisectCore.Options {
        var options = BisectCore.Options(runs: runs, confidence: confidence, maxBuilds: maxBuilds, maxRuns: maxRuns)
        options.minimumRuns = max(parallelRuns, 1)
        return options
    }

    /// Problems with the settings, each naming what to change; empty when usable.
    public func problems() -> [String] {
        var problems: [String] = []
        if runs < 1 { problems.append("runs must be at least 1 (got \(runs))") }
        if !(confidence > 0.5 && confidence < 1) {
            problems.append("confidence must be between 0.5 and 1, exclusive (got \(confidence))")
        }
        if let maxBuilds, maxBuilds < 1 { problems.append("max builds must be at least 1 (got \(maxBuilds))") }
        if let maxRuns, maxRuns < 1 { problems.append("max runs must be at least 1 (got \(maxRuns))") }
        if mode == .fix && good == nil {
            problems.append(
                "a fix bisection needs a good revision: give --good REV, a newer revision where the crash is gone")
        }
        return problems
    }
}
