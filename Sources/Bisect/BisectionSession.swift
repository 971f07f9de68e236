import BisectCore
import Build
import Foundation
import Instance
import Model
import Support
import Synchronization
import VCS

/// The mutable state of one ``Bisection/run()``: repository, worktree, journal, decision core.
struct BisectionSession {
    let job: Bisection
    let repository: Repository
    /// The work tree the revision under test is built and tested in.
    var worktree: Worktree
    /// The second work tree, for speculative builds (`--speculative-builds`): made on first use,
    /// swapped with ``worktree`` when the revision built there is the one tested next.
    var spare: Worktree?
    /// The commit whose build products are in ``spare``.
    var builtInSpare: String?
    /// The speculative build in flight in ``spare``.
    var speculation: SpeculativeBuild?
    /// The revision to build speculatively once the next test's build is at hand (set by the bisection loop).
    var plannedSpeculation: String?
    /// Nodes last told to the core as built because a work tree holds (or is making) their build.
    var markedAtHand: Set<Int> = []
    let journal: any JobLog
    let stateDirectory: String
    /// Full hashes: the revision with the crash, and the one without (when known).
    let bad: String
    var good: String?
    var signature = Signature(titles: [:])
    var core: BisectCore?
    var titles: [String: String] = [:]
    var phase = BisectionProgress.Phase.confirming
    /// The commit whose build products are in the worktree right now.
    var builtInWorktree: String?
    var toolchain: String?
    var oldestRelease: String?
    /// The job's log as text, next to the journal (`log.txt`).
    let fullLog: FullLog
    /// The verdict last logged for each revision (a retest that agrees says so instead of repeating it).
    var loggedVerdicts: [String: JobEvent.Verdict] = [:]
    /// The candidate count of the last `Bisecting:` line.
    var lastCandidateCount: Int?
    /// Test calls in a row whose every run was an infrastructure failure.
    var failingTestCalls = 0
    static let maximumFailingTestCalls = 3

    var config: BisectionConfig { job.config }

    static func open(_ job: Bisection) async throws -> BisectionSession {
        let config = job.config
        let repository = try await Repository(path: config.repository)
        let bad = try await repository.resolve(config.bad)
        var good: String?
        if let given = config.good { good = try await repository.resolve(given) }
        if let good, good == bad {
            throw CulpritError.badInput("--good and --bad name the same commit \(bad): give two different revisions")
        }
        let id = JobID(bad: bad, good: good, mode: config.mode, backendIdentity: config.backendIdentity)
        let state = URL(
            fileURLWithPath: config.stateDirectory ?? repository.gitDirectory + "/culprit/" + id.rawValue
        ).standardizedFileURL.path
        let identity = JobIdentity(
            job: id, repository: repository.path, bad: bad, good: good, mode: config.mode,
            backend: config.backendIdentity)
        let journal = try job.openLog(identity, state)
        let worktree = try await repository.worktree(at: state + "/worktree", keeping: config.keepDirectories)
        return BisectionSession(
            job: job, repository: repository, worktree: worktree, journal: journal, stateDirectory: state, bad: bad,
            good: good, fullLog: FullLog(path: state + "/" + FullLog.name))
    }

    /// Records `event` in the job log, then hands it to the job's consumers.
    func emit(_ event: JobEvent) throws {
        try journal.record(event)
        job.log(event)
    }

    /// A log line (not needed to resume: a failure to keep it does not stop the job), also
    /// appended to the full log next to the journal.
    func line(_ text: String) {
        try? journal.record(.line(text))
        fullLog.append(text)
        job.log(.line(text))
    }

    /// Enters `phase` and says so.
    mutating func enter(_ phase: BisectionProgress.Phase) throws {
        self.phase = phase
        try emit(.phaseChanged(phase))
    }

    mutating func run() async throws -> BisectionResult {
        let result = try await runToResult()
        try emit(.result(result))
        return result
    }

    mutating func runToResult() async throws -> BisectionResult {
        line("bisecting \(config.mode == .cause ? "cause" : "fix") commit starting from \(bad)")
        for notice in (journal as? JobJournal)?.notices ?? [] { line("warning: " + notice) }
        let resumedBuilds = journal.builds.count
        let resumedRuns = journal.runs.count
        if resumedBuilds + resumedRuns > 0 {
            // What a resumed job redoes, precisely: never a recorded run or failed build; a
            // successful build only when its revision needs more runs and its artifact is not
            // here (another machine built it, or it lived in the work tree).
            let failed = journal.builds.filter { $0.result.status == .failed }.count
            let atHand = journal.builds.filter { isReusable($0.result) }.count
            line(
                "resuming the job in \(stateDirectory): \(resumedRuns) runs recorded, not redone; "
                    + "\(resumedBuilds) builds recorded: \(failed) failed and \(atHand) with the artifact at hand, not redone, "
                    + "\(resumedBuilds - failed - atHand) without it here (rebuilt only where more runs are needed)")
        }
        try emit(
            .jobStarted(
                .init(
                    job: journal.identity.job, bad: bad, good: good, mode: config.mode, strategy: config.strategy,
                    resumedBuilds: resumedBuilds, resumedRuns: resumedRuns, stateDirectory: stateDirectory)))
        if good == nil, try await repository.releases(before: bad).isEmpty {
            throw CulpritError.badInput(
                "no --good revision given and no release tag (vX.Y) is an ancestor of \(bad): give --good REV, "
                    + "a revision without the crash")
        }
        do {
            if let result = try await confirm() { return result }
            if good == nil, let result = try await findGoodRelease() { return result }
            if let result = try await checkMergeBases() { return result }
            return try await bisect()
        } catch let spent as BudgetSpent {
            // --max-runs and --max-builds are hard limits, resumed work and the final check included.
            if let core { return inconclusive(spent.why, core) }
            line(spent.why)
            return result(outcome: .inconclusive, conclusion: nil, reason: spent.why)
        }
    }

    /// Thrown when the job's budget leaves nothing for the build or the runs asked for.
    struct BudgetSpent: Error {
        let why: String
    }

    /// Runs the budget still allows (nil: no limit), counting every recorded run.
    var runsLeft: Int? { config.maxRuns.map { max(0, $0 - journal.runs.count) } }

    // MARK: - Building and testing one revision

    /// Builds `commit` unless its artifact is at hand; returns the build and whether it was made now.
    mutating func ensureBuilt(_ commit: String) async throws -> (result: BuildResult, built: Bool) {
        await settleSpeculation(wanting: commit)
        if let recorded = journal.build(of: commit) {
            if recorded.status == .failed { return (recorded, false) }
            if builtInWorktree == commit || isReusable(recorded) {
                if builtInWorktree != commit {
                    try await checkout(commit)
                    builtInWorktree = nil
                }
                return (recorded, false)
            }
        }
        if let maxBuilds = config.maxBuilds, journal.builds.count >= maxBuilds {
            throw BudgetSpent(
                why: "the budget of \(maxBuilds) builds is spent (\(journal.builds.count) made) before \(commit) could be built")
        }
        if let recorded = journal.build(of: commit), let artifact = recorded.artifact {
            let why =
                artifact.directory == worktree.path
                ? "its artifact was in the work tree, which held another revision since"
                : "its artifact \(artifact.directory) is not on this machine (built by an earlier attempt elsewhere, or removed)"
            line("rebuilding \(commit) for more runs: \(why)")
        }
        try await checkout(commit)
        builtInWorktree = nil
        let result = try await buildStep(commit, in: worktree).run()
        if result.status == .built { builtInWorktree = commit }
        return (result, true)
    }

    /// The build of `commit` in `tree` (checked out there), as a value a task can run.
    func buildStep(_ commit: String, in tree: Worktree) -> BuildStep {
        let journal = journal
        let log = job.log
        let fullLog = fullLog
        return BuildStep(
            commit: commit, worktree: tree, builder: job.builder,
            output: stateDirectory + "/builds/" + commit + "-\(journal.builds.count)",
            emit: { event in
                try journal.record(event)
                log(event)
            },
            line: { text in
                try? journal.record(.line(text))
                fullLog.append(text)
                log(.line(text))
            })
    }

    func checkout(_ commit: String) async throws {
        try Self.checkCancellation()
        try await worktree.checkout(commit)
    }

    /// Whether a recorded build's artifact survives checkouts (kept outside the worktree).
    func isReusable(_ build: BuildResult) -> Bool {
        guard build.status == .built, let artifact = build.artifact else { return false }
        let dir = URL(fileURLWithPath: artifact.directory).standardizedFileURL.path
        // Both work trees change revision: an artifact in either is not kept.
        for tree in [worktree.path, spare?.path ?? worktree.path, stateDirectory + "/" + Self.spareName]
        where dir == tree || dir.hasPrefix(tree + "/") {
            return false
        }
        return FileManager.default.fileExists(atPath: dir)
    }

    /// Logs `testing commit H`, builds if needed, and runs the reproducer `runs` more times,
    /// recording each run as it ends. `reason` says why this revision (the event stream's).
    /// Returns nil when the build failed (logged).
    mutating func test(_ commit: String, runs: Int, reason: String) async throws -> [RunResult]? {
        try Self.checkCancellation()
        var runs = runs
        if let left = runsLeft {
            guard left > 0 else {
                throw BudgetSpent(
                    why: "the budget of \(config.maxRuns ?? 0) test runs is spent (\(journal.runs.count) made) before "
                        + "\(commit) could be tested")
            }
            runs = min(runs, left)
        }
        try emit(.revisionChosen(commit: commit, runs: runs, reason: reason))
        // Per revision: a kernel job's compiler follows each revision's version (its table).
        toolchain = await job.builder.describe(
            BuildRequest(commit: commit, worktree: worktree.path, outputDirectory: stateDirectory))
        let with = toolchain.map { $0.isEmpty ? "" : " with \($0)" } ?? ""
        line("testing commit \(commit)\(with)")
        let (build, _) = try await ensureBuilt(commit)
        guard build.status == .built, let artifact = build.artifact else {
            if let options = build.configNotHonoured, !options.isEmpty {
                line(
                    "skipping \(commit): its kernel config lacks settings the job asks for (olddefconfig dropped "
                        + "\(options.joined(separator: ", ")): their dependencies are off or missing here); runs of it "
                        + "would not be evidence")
            } else {
                line("build failed: \(build.firstError ?? "no error line found") (\(BisectionLog.duration(build.seconds)))")
            }
            return nil
        }
        if let next = plannedSpeculation {
            plannedSpeculation = nil
            try await startSpeculation(next, while: commit)
        }
        let first = (journal.runs(of: commit).map(\.index).max() ?? -1) + 1
        let logs = stateDirectory + "/runs/" + commit
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let request = TestRequest(
            commit: commit, worktree: worktree.path, artifact: artifact, runs: first..<(first + runs),
            logDirectory: logs)
        let started = ContinuousClock.now
        let journal = journal
        let log = job.log
        let worktree = worktree
        let snapshot = try await worktree.snapshot(commit)
        let moved = Mutex<String?>(nil)
        var results = try await job.tester.test(request) { run in
            // A run that ends on a moved or emptied work tree tested something else: no evidence.
            var run = run
            if let problem = moved.withLock({ $0 ?? worktree.quickProblem(snapshot) }) {
                moved.withLock { $0 = problem }
                run.outcome = .infrastructureFailure(reason: "the test changed the work tree: \(problem)")
            }
            let event = JobEvent.runFinished(commit: commit, run: run)
            try journal.record(event)
            log(event)
        }
        let movedDuringRuns = moved.withLock { $0 }
        var problem = movedDuringRuns
        if problem == nil { problem = await worktree.problem(snapshot) }
        if let problem {
            line("warning: a test of \(commit) changed the work tree (\(problem)): no verdict from its runs")
            if movedDuringRuns != nil {
                results = results.map {
                    var r = $0
                    r.outcome = .infrastructureFailure(reason: "the test changed the work tree: \(problem)")
                    return r
                }
            }
            try await checkout(commit)
            builtInWorktree = nil
        }
        let elapsed = ContinuousClock.now - started
        // Cancelled runs may be missing; a wind-down let every run of the call end: record it.
        if Task.isCancelled { throw Self.interrupted }
        try emit(
            .testFinished(
                commit: commit, runs: results.count,
                seconds: elapsed.seconds))
        for text in BisectionLog.runLines(results) { line(text) }
        try checkInfrastructure(results)
        return results
    }

    /// Stops the job when the tester itself keeps failing: that says nothing about the bug.
    mutating func checkInfrastructure(_ results: [RunResult]) throws {
        let reasons = results.compactMap { r -> String? in
            if case .infrastructureFailure(let reason) = r.outcome { return reason }
            return nil
        }
        guard !results.isEmpty, reasons.count == results.count else {
            failingTestCalls = 0
            return
        }
        failingTestCalls += 1
        if failingTestCalls >= Self.maximumFailingTestCalls {
            throw CulpritError.infrastructure(
                "the tester failed on every run of \(failingTestCalls) tests in a row (last: \(reasons[0])): fix the "
                    + "test setup and run the same command again to resume")
        }
    }

    /// Throws when the task is cancelled, or its work told to wind down (a worker stopping: no
    /// build or test starts after that).
    static func checkCancellation() throws {
        if Task.isCancelled || StopSignal.windingDown { throw interrupted }
    }

    /// The error of an interrupted bisection.
    static let interrupted = CulpritError(
        .cancelled, "the bisection was interrupted; run the same command again to resume")

    // MARK: - Confirmation

    /// Tests the bad revision; returns a result when the crash does not reproduce.
    mutating func confirm() async throws -> BisectionResult? {
        try enter(.confirming)
        var evidence = journal.evidence(of: bad)
        while let k = Confirmation.moreRuns(after: evidence, strategy: config.strategy, options: config.coreOptions) {
            guard try await test(bad, runs: k, reason: "confirming the crash on the bad revision") != nil else {
                if let options = journal.build(of: bad)?.configNotHonoured, !options.isEmpty {
                    throw CulpritError.badInput(
                        "the kernel config of the bad revision \(bad) lacks settings the job asks for: olddefconfig "
                            + "dropped \(options.joined(separator: ", ")) (their dependencies are off or missing in "
                            + "this revision), and without them the crash cannot show: turn on what they depend on, or "
                            + "off what excludes them (a fragment line, or a build fix with Config-Off: for the "
                            + "versions that need it), or leave them out of the config; the build log says more")
                }
                let error = journal.build(of: bad)?.firstError ?? "see the build log"
                throw CulpritError.badInput(
                    "the bad revision \(bad) does not build (\(error)): fix the build command or choose another --bad")
            }
            evidence = journal.evidence(of: bad)
            progress()
        }
        signature = Signature(evidence)
        guard Confirmation.isReproducible(evidence, strategy: config.strategy) else {
            let why =
                evidence.evidentialRuns == 0
                ? "no run on \(bad) could test it (\(evidence.noEvidence) runs without evidence: boot failures or "
                    + "cannot-test)"
                : config.strategy == .syzkaller && evidence.crashCount > 0
                    ? "the crash did not reproduce on \(bad) often enough for the syzkaller rule (\(evidence.crashCount) "
                        + "crashes in \(evidence.runs) runs)"
                    : "the crash did not reproduce on \(bad) in \(evidence.runs) runs"
            line(why)
            return result(outcome: .notReproducible, conclusion: nil, reason: why)
        }
        let titles = signature.ranked.map { "\($0) (\(signature.titles[$0]!)x)" }
        line("crash signature: " + titles.joined(separator: ", ") + " in \(evidence.runs) runs")
        return nil
    }
}
