import Bisect
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
public struct BisectJob: Sendable {
    /// The repository to bisect (work tree or bare).
    public var repository: String?
    /// A revision where the crash happens (for a fix bisection: where it still happens).
    public var bad: String?
    /// A revision without the crash; when absent, release tags are walked back to find one.
    public var good: String?
    /// Find the commit that fixed the crash instead of the one that introduced it.
    public var fix: Bool?
    /// `bayes` (default), `syzkaller` (today's syzkaller rule) or `syzbot-2019` (`syzbot`, deprecated).
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
    /// Build the revision most likely needed next in a second work tree while one is tested.
    public var speculativeBuilds: Bool?
    /// At most this many test runs.
    public var maxRuns: Int?
    /// Write the result as JSON to this file.
    public var json: String?
    /// Where build and run results are persisted (default: under the repository's git dir).
    public var stateDirectory: String?
    /// A bug directory: config, reproducer, commit, compiler, expected title (read by the
    /// backend that knows it, the kernel backend's `BugDirectory`, in ``prepared(backends:)``).
    public var bug: String?
    /// syzkaller's binaries for a syzkaller reproducer (see the kernel backend).
    public var syzkaller: String?
    /// Save the email-ready report here (``report(_:templatePath:reportedBy:)``).
    public var report: String?
    /// An operator's Mustache template for the report.
    public var reportTemplate: String?
    /// The report's `Reported-by:` trailer value.
    public var reportedBy: String?
    /// Before bisecting, reduce the backend's config to a small one that still reproduces the
    /// crash on the bad revision, and bisect with that (``Backend/minimizingConfig(_:workRoot:console:)``).
    public var minimizeConfig: Bool?
    /// What builds and tests a revision: one registered backend's settings (``Backend``).
    public var backend: (any Backend)?
    /// Whether ``prepared(backends:)`` ran (a bug directory is read in).
    public var isPrepared = false

    /// Default number of parallel test runs: the machine's processors.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
    /// Strategy names accepted by `--strategy` (`syzbot`: the deprecated name of `syzbot-2019`).
    public static let strategies = Strategy.acceptedNames

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
        job.speculativeBuilds = other.speculativeBuilds ?? speculativeBuilds
        job.maxRuns = other.maxRuns ?? maxRuns
        job.json = other.json ?? json
        job.stateDirectory = other.stateDirectory ?? stateDirectory
        job.bug = other.bug ?? bug
        job.syzkaller = other.syzkaller ?? syzkaller
        job.report = other.report ?? report
        job.reportTemplate = other.reportTemplate ?? reportTemplate
        job.reportedBy = other.reportedBy ?? reportedBy
        job.minimizeConfig = other.minimizeConfig ?? minimizeConfig
        if let theirs = other.backend { job.backend = backend.map { $0.merged(with: theirs) } ?? theirs }
        return job
    }

    /// Every problem with these settings, each naming the setting and what to do; empty when
    /// the job can run.
    public func problems() -> [String] {
        if bug != nil && !isPrepared {
            do { return try prepared().problems() } catch { return ["\(error)"] }
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
        if let backend {
            problems += backend.missingSettings()
        } else {
            problems.append("no build and test commands: give --build CMD and --test CMD")
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
                "unknown strategy '\(strategy)': use "
                    + Strategy.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                    + " ('syzbot' still names 'syzbot-2019')")
        }
        if let runs, !(1...1000).contains(runs) { problems.append("runs must be between 1 and 1000, not \(runs)") }
        if let jobs, !(1...256).contains(jobs) { problems.append("jobs must be between 1 and 256, not \(jobs)") }
        if let timeout, let problem = TimeLimit.problem("timeout", timeout) { problems.append(problem) }
        if let confidence, !(confidence > 0.5 && confidence < 1) {
            problems.append("confidence must be between 0.5 and 1 (exclusive), e.g. 0.95, not \(confidence)")
        }
        if let maxBuilds, maxBuilds < 1 { problems.append("max-builds must be at least 1, not \(maxBuilds)") }
        if let maxRuns, maxRuns < 1 { problems.append("max-runs must be at least 1, not \(maxRuns)") }
        if let backend { problems += backend.valueProblems() }
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

    /// The builder for this job's backend; `workRoot` is where the backend keeps work between
    /// jobs (``Backend/workRoot(repository:)``, or a worker's cache).
    /// - Throws: `CulpritError.badInput` when the job has no backend (``validate()`` says so first).
    public func makeBuilder(workRoot: String) throws -> any Builder {
        try requireBackend().makeBuilder(job: self, workRoot: workRoot)
    }

    /// The tester for this job's backend.
    /// - Throws: `CulpritError.badInput` when the job has no backend.
    public func makeTester(workRoot: String) throws -> any Tester {
        try requireBackend().makeTester(job: self, workRoot: workRoot)
    }

    private func requireBackend() throws -> any Backend {
        guard let backend else {
            throw CulpritError.badInput("no build and test commands: give --build CMD and --test CMD")
        }
        return backend
    }

    /// This job prepared by the registered backends before it is checked or run (a bug
    /// directory read in by the backend that knows bug directories).
    /// - Throws: `CulpritError.badInput` naming what is wrong.
    public func prepared(backends: BackendRegistry = .shared) throws -> BisectJob {
        guard !isPrepared else { return self }
        var job = self
        var taken = false
        for backend in backends.backends {
            if let prepared = try backend.prepare(job) {
                job = prepared
                taken = true
            }
        }
        if let bug, !taken {
            throw CulpritError.badInput(
                "no backend of this program reads bug directories such as \(bug): give the build and test settings instead")
        }
        job.isPrepared = true
        return job
    }

    /// This job prepared (``prepared(backends:)``) and resolved by its backend against the
    /// repository (a bug directory's commit found by its title after a rebase).
    public func resolved(console: ConsoleLog, backends: BackendRegistry = .shared) async throws -> BisectJob {
        let job = try prepared(backends: backends)
        return try await job.backend?.resolved(job, console: console) ?? job
    }

    /// `path` made absolute against the current directory.
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

extension BisectJob: Equatable {
    public static func == (a: BisectJob, b: BisectJob) -> Bool {
        a.repository == b.repository && a.bad == b.bad && a.good == b.good && a.fix == b.fix
            && a.strategy == b.strategy && a.runs == b.runs && a.jobs == b.jobs && a.timeout == b.timeout
            && a.confidence == b.confidence && a.maxBuilds == b.maxBuilds && a.maxRuns == b.maxRuns
            && a.speculativeBuilds == b.speculativeBuilds
            && a.json == b.json && a.stateDirectory == b.stateDirectory && a.bug == b.bug
            && a.syzkaller == b.syzkaller && a.report == b.report && a.reportTemplate == b.reportTemplate
            && a.reportedBy == b.reportedBy && a.isPrepared == b.isPrepared && a.minimizeConfig == b.minimizeConfig
            && (a.backend == nil ? b.backend == nil : b.backend.map { a.backend!.isEqual(to: $0) } ?? false)
    }
}
