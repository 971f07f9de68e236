import Build
import Foundation
import Instance
import Model
import Support

/// The settings of one `culprit bisect` run, from the command line, a YAML job file
/// (``JobFile``), or both (the command line wins, see ``overridden(by:)``).
///
/// Every field is optional here so that partial settings can be combined; ``validate()``
/// says what is missing or wrong, all problems at once.
public struct BisectJob: Sendable, Equatable {
    /// The repository to bisect (work tree or bare).
    public var repository: String?
    /// A revision where the crash happens (for a fix bisection: where it still happens).
    public var bad: String?
    /// A revision without the crash; when absent, release tags are walked back to find one.
    public var good: String?
    /// Find the commit that fixed the crash instead of the one that introduced it.
    public var fix: Bool?
    /// `bayes` (default) or `syzbot`.
    public var strategy: String?
    /// Base number of test runs per revision.
    public var runs: Int?
    /// Test runs at the same time.
    public var jobs: Int?
    /// Seconds one test run may take.
    public var timeout: Double?
    /// Target probability for the answer (0.5 < c < 1).
    public var confidence: Double?
    /// At most this many builds.
    public var maxBuilds: Int?
    /// At most this many test runs.
    public var maxRuns: Int?
    /// Write the result as JSON to this file.
    public var json: String?
    /// Where build and run results are persisted (default: under the repository's git dir).
    public var stateDirectory: String?
    /// What builds and tests a revision.
    public var backend: Backend?
    /// A bug directory (``BugDirectory``): config, reproducer, commit, compiler, expected title.
    public var bug: String?
    /// syzkaller's binaries for a syzkaller reproducer (see ``KernelJob/syzkaller``).
    public var syzkaller: String?
    /// Save the email-ready report here (``report(_:templatePath:reportedBy:)``).
    public var report: String?
    /// An operator's Mustache template for the report.
    public var reportTemplate: String?
    /// The report's `Reported-by:` trailer value.
    public var reportedBy: String?
    /// The bug directory as read by ``applyingBug()``.
    public var bugDirectory: BugDirectory?

    /// Which ``Builder`` and ``Tester`` a job uses. Each backend owns its own settings; the
    /// kernel backend (config, make, QEMU) adds a case here and a section in ``JobFile``.
    public enum Backend: Sendable, Equatable {
        /// Shell commands run in the job's worktree (`--build`, `--test`).
        case command(CommandBackend)
        /// A Linux kernel built with make (``KernelBuilder``), tested in QEMU (``QemuTester``).
        case kernel(KernelJob)
    }

    /// Settings of the generic backend: ``CommandBuilder`` and ``CommandTester``.
    public struct CommandBackend: Sendable, Equatable {
        /// Shell command that builds the checked-out revision (exit 0 = built).
        public var build: String?
        /// Shell command that runs the reproducer once.
        public var test: String?
        /// Build outputs (relative to the worktree) hashed to spot builds identical to their parent's.
        public var artifacts: [String]
        /// Seconds one build may take.
        public var buildTimeout: Double?

        public init(build: String? = nil, test: String? = nil, artifacts: [String] = [], buildTimeout: Double? = nil) {
            self.build = build
            self.test = test
            self.artifacts = artifacts
            self.buildTimeout = buildTimeout
        }
    }

    /// Default number of parallel test runs: the machine's processors.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
    /// Strategy names accepted by `--strategy`.
    public static let strategies = ["bayes", "syzbot"]

    public init() {}

    /// These settings with every value set in `other` replacing this one's.
    public func overridden(by other: BisectJob) -> BisectJob {
        var job = self
        job.repository = other.repository ?? repository
        job.bad = other.bad ?? bad
        job.good = other.good ?? good
        job.fix = other.fix ?? fix
        job.strategy = other.strategy ?? strategy
        job.runs = other.runs ?? runs
        job.jobs = other.jobs ?? jobs
        job.timeout = other.timeout ?? timeout
        job.confidence = other.confidence ?? confidence
        job.maxBuilds = other.maxBuilds ?? maxBuilds
        job.maxRuns = other.maxRuns ?? maxRuns
        job.json = other.json ?? json
        job.stateDirectory = other.stateDirectory ?? stateDirectory
        job.bug = other.bug ?? bug
        job.syzkaller = other.syzkaller ?? syzkaller
        job.report = other.report ?? report
        job.reportTemplate = other.reportTemplate ?? reportTemplate
        job.reportedBy = other.reportedBy ?? reportedBy
        switch (backend, other.backend) {
        case (.command(let mine)?, .command(let theirs)?):
            job.backend = .command(
                CommandBackend(
                    build: theirs.build ?? mine.build, test: theirs.test ?? mine.test,
                    artifacts: theirs.artifacts.isEmpty ? mine.artifacts : theirs.artifacts,
                    buildTimeout: theirs.buildTimeout ?? mine.buildTimeout))
        case (_, let theirs?):
            job.backend = theirs
        case (let mine, nil):
            job.backend = mine
        }
        return job
    }

    /// Every problem with these settings, each naming the setting and what to do; empty when
    /// the job can run.
    public func problems() -> [String] {
        if bug != nil && bugDirectory == nil {
            do { return try applyingBug().problems() } catch { return ["\(error)"] }
        }
        var problems: [String] = []
        if let repository {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: repository, isDirectory: &isDirectory) || !isDirectory.boolValue
            {
                problems.append("the repository \(repository) is not a directory: give the path of a git repository")
            }
        } else {
            problems.append("no repository: give --repo DIR (or 'repo:' in the job file)")
        }
        if bad == nil { problems.append("no bad revision: give --bad REV, a revision where the crash happens") }
        switch backend {
        case nil:
            problems.append("no build and test commands: give --build CMD and --test CMD")
        case .kernel: break
        case .command(let command):
            if command.build == nil {
                problems.append("no build command: give --build CMD (a shell command run in the worktree)")
            }
            if command.test == nil {
                problems.append("no test command: give --test CMD (a shell command that runs the reproducer once)")
            }
        }
        return problems + valueProblems()
    }

    /// Problems with the values that are set (ranges, empty strings, unknown names), leaving
    /// out missing settings, which another source (the command line) may still supply.
    public func valueProblems() -> [String] {
        var problems: [String] = []
        if bad?.isEmpty == true { problems.append("the bad revision is empty: give a revision") }
        if let good, good.isEmpty { problems.append("the good revision is empty: give a revision or leave it out") }
        if let good, let bad, good == bad { problems.append("the good and bad revisions are both '\(good)'") }
        if let strategy, !Self.strategies.contains(strategy) {
            problems.append(
                "unknown strategy '\(strategy)': use \(Self.strategies.map { "'\($0)'" }.joined(separator: " or "))")
        }
        if let runs, !(1...1000).contains(runs) { problems.append("runs must be between 1 and 1000, not \(runs)") }
        if let jobs, !(1...256).contains(jobs) { problems.append("jobs must be between 1 and 256, not \(jobs)") }
        if let timeout, let problem = TimeLimit.problem("timeout", timeout) { problems.append(problem) }
        if let confidence, !(confidence > 0.5 && confidence < 1) {
            problems.append("confidence must be between 0.5 and 1 (exclusive), e.g. 0.95, not \(confidence)")
        }
        if let maxBuilds, maxBuilds < 1 { problems.append("max-builds must be at least 1, not \(maxBuilds)") }
        if let maxRuns, maxRuns < 1 { problems.append("max-runs must be at least 1, not \(maxRuns)") }
        if case .command(let command)? = backend {
            if command.build?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                problems.append("the build command is empty")
            }
            if command.test?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                problems.append("the test command is empty")
            }
            if let t = command.buildTimeout, let problem = TimeLimit.problem("build-timeout", t) {
                problems.append(problem)
            }
        }
        if case .kernel(let kernel)? = backend { problems += kernel.problems() }
        return problems
    }

    /// Throws `CulpritError.badInput` listing every problem (see ``problems()``).
    public func validate() throws {
        let problems = problems()
        guard problems.isEmpty else {
            throw CulpritError.badInput(
                problems.count == 1
                    ? problems[0] : "bad settings:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }

    /// The builder for this job's backend; a kernel job's build root is under `kernelRoot`.
    public func makeBuilder(kernelRoot: String) -> any Builder {
        switch backend {
        case .kernel(let kernel)?:
            kernel.makeBuilder(root: kernelRoot)
        case .command(let c)?:
            CommandBuilder(
                command: c.build ?? "", artifacts: c.artifacts,
                timeout: c.buildTimeout.map(TimeLimit.duration))
        case nil:
            CommandBuilder(command: "false")
        }
    }

    /// The tester for this job's backend; a kernel job's initramfs is under `kernelRoot`.
    public func makeTester(kernelRoot: String) -> any Tester {
        switch backend {
        case .kernel(let kernel)?:
            kernel.makeTester(root: kernelRoot, jobs: jobs, timeout: timeout)
        case .command(let c)?:
            CommandTester(
                command: c.test ?? "", jobs: jobs ?? Self.defaultJobs,
                timeout: timeout.map(TimeLimit.duration))
        case nil:
            CommandTester(command: "false")
        }
    }
}
