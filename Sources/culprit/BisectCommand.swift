import ArgumentParser
import Bisect
import CommandBackend
import Foundation
import JobConfig
import KernelBackend
import Support

struct BisectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bisect",
        abstract: "Bisect a repository: find the commit that introduced or fixed a crash.",
        discussion: """
            Builds revisions with --build and runs the reproducer --test several times on each, \
            choosing revisions until one commit is the culprit at the target confidence. Both \
            commands run with /bin/sh -c in a worktree of the repository, with CULPRIT_COMMIT, \
            CULPRIT_WORKTREE (and for tests CULPRIT_RUN, CULPRIT_ARTIFACT_DIR) in the environment.

            A test run that prints a crash report (sanitizer, kernel oops, panic) crashed with that \
            report's title; exit status 0 without a report is OK; 125 means the revision cannot be \
            tested; 126 and 127 (the shell could not run the command) are infrastructure failures; \
            death by a signal is "killed by signal N"; any other status is a crash titled \
            "exit status N"; a run longer than --timeout timed out.

            Results are saved as they are made; run the same command again after an interruption \
            to continue where it stopped. `culprit jobs` lists the jobs and their disk use, \
            `culprit jobs --prune` removes what finished jobs no longer need.

            Linux kernel jobs: a job file (--job) with a `kernel:` section builds each revision \
            with make (base-config or config, fragments, compilers per version, build-jobs, \
            ccache, build-directory) and boots it in QEMU machines that run the reproducer \
            (reproducer, vms, memory, cpus, qemu, cmdline, accelerator, boot-timeout, \
            reproducer-timeout, silence-timeout). Examples of both kinds of job file, every \
            setting commented: examples/command-job.yml and examples/kernel-job.yml in Culprit's \
            repository; the README's "Kernel bisection" explains each setting.

            Exit status: 0 culprit found, 1 inconclusive, 2 crash not reproducible on --bad, \
            64 bad input, 69 infrastructure failure.
            """
    )

    @Option(
        name: .customLong("job"),
        help: ArgumentHelp(
            "Read the settings from a YAML job file; options given on the command line override it.",
            valueName: "file.yml"))
    var jobFile: String?

    @Option(help: ArgumentHelp("The git repository to bisect.", valueName: "dir"))
    var repo: String?

    @Option(help: ArgumentHelp("A revision where the crash happens.", valueName: "rev"))
    var bad: String?

    @Option(
        help: ArgumentHelp(
            "A revision without the crash. Without it, release tags (vX.Y) are tested back from --bad until one is clean.",
            valueName: "rev"))
    var good: String?

    @Flag(
        help:
            "Find the commit that fixed the crash (--bad: still crashes, --good: fixed) instead of the one that introduced it."
    )
    var fix = false

    @Option(
        help: ArgumentHelp(
            "Shell command that builds the checked-out revision; exit status 0 means built.", valueName: "cmd"))
    var build: String?

    @Option(help: ArgumentHelp("Shell command that runs the reproducer once.", valueName: "cmd"))
    var test: String?

    @Option(
        name: .customLong("artifact"),
        help: ArgumentHelp(
            "A file the build produces (relative to the worktree), hashed to flag culprits whose build equals their parent's. Repeatable.",
            valueName: "file"))
    var artifacts: [String] = []

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Base number of test runs per revision (the engine adds runs where they pay). Default: 8.", valueName: "n"))
    var runs: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Test runs at the same time. Default: the number of processors.", valueName: "n"))
    var jobs: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds one test run may take before it counts as timed out.", valueName: "seconds"))
    var timeout: Double?

    @Option(
        name: .customLong("build-timeout"), parsing: .unconditional,
        help: ArgumentHelp("Seconds one build may take before it counts as failed.", valueName: "seconds"))
    var buildTimeout: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Stop when the best candidate is the culprit with this probability. Default: 0.95.", valueName: "x"))
    var confidence: Double?

    @Option(name: .customLong("max-builds"), parsing: .unconditional, help: ArgumentHelp("Stop after this many builds. Default: no limit.", valueName: "n"))
    var maxBuilds: Int?

    @Flag(
        name: .customLong("speculative-builds"),
        help: ArgumentHelp(
            "While a revision is tested, build the one most likely needed next in a second work tree (cancelled "
                + "when the results make it useless). For testers with spare machines or cores."))
    var speculativeBuilds = false

    @Option(name: .customLong("max-runs"), parsing: .unconditional, help: ArgumentHelp("Stop after this many test runs. Default: no limit.", valueName: "n"))
    var maxRuns: Int?

    @Option(
        help: ArgumentHelp(
            "bayes (default): flaky-aware posterior; syzkaller: today's syzkaller rule (git-bisect midpoints, "
                + "10 or 20 runs, bad on enough crashes, good on enough clean runs); syzbot-2019 (or syzbot): "
                + "git-bisect midpoints, 10 runs, any crash is bad.",
            valueName: "name"))
    var strategy: String?

    @Option(
        help: ArgumentHelp(
            "A bug directory (kernel.config, repro.c or repro.syz, commit, compiler, title): bisect it on a kernel repository.",
            valueName: "dir"))
    var bug: String?

    @Option(
        help: ArgumentHelp(
            "syzkaller's binaries (syz-execprog, syz-executor, or bin/linux_amd64 of a build) for a syzkaller reproducer.",
            valueName: "dir"))
    var syzkaller: String?

    @Flag(
        name: .customLong("minimize-config"),
        help:
            "Kernel jobs with a full config: first reduce it to a small config (minimize-base + minimize-fragments and the settings the crash needs) that still reproduces the crash on --bad, then bisect with that."
    )
    var minimizeConfig = false

    @Flag(
        help:
            "Kernel jobs: print the releases the walk would test with each one's compiler and build fixes, and where it stops; build nothing."
    )
    var plan = false

    @Flag(
        help:
            "Print the job's spec (JSON, as the service stores a job) from the options and the job file, then exit; run nothing."
    )
    var spec = false

    @Option(
        help: ArgumentHelp(
            "Save the email-ready report (printed at the end) to this file.", valueName: "file"))
    var report: String?

    @Option(
        name: .customLong("report-template"),
        help: ArgumentHelp(
            "A Mustache template for the report instead of the built-in one (see the README for its keys).",
            valueName: "file"))
    var reportTemplate: String?

    @Option(
        name: .customLong("reported-by"),
        help: ArgumentHelp(
            "Credit the reporter with a 'Reported-by: VALUE' trailer in the report, e.g. \"Ada <ada@example.com>\".",
            valueName: "value"))
    var reportedBy: String?

    @Option(help: ArgumentHelp("Write the result as JSON to this file.", valueName: "file"))
    var json: String?

    @OptionGroup var page: PageOption

    @Option(
        help: ArgumentHelp(
            "Directory where results are saved as they are made. Default: under the repository's git directory.",
            valueName: "dir"))
    var state: String?

    /// The settings given on the command line.
    var commandLineJob: BisectJob {
        var job = BisectJob()
        job.repository = repo
        job.bad = bad
        job.good = good
        job.fix = fix ? true : nil
        job.strategy = strategy
        job.runs = runs
        job.jobs = jobs
        job.timeout = timeout
        job.confidence = confidence
        job.maxBuilds = maxBuilds
        job.speculativeBuilds = speculativeBuilds ? true : nil
        job.maxRuns = maxRuns
        job.json = json
        job.stateDirectory = state
        job.bug = bug
        job.syzkaller = syzkaller
        job.report = report
        job.reportTemplate = reportTemplate
        job.reportedBy = reportedBy
        job.minimizeConfig = minimizeConfig ? true : nil
        if build != nil || test != nil || !artifacts.isEmpty || buildTimeout != nil {
            job.backend = CommandJob(build: build, test: test, artifacts: artifacts, buildTimeout: buildTimeout)
        }
        return job
    }

    func validate() throws {
        let job = commandLineJob
        let problems = jobFile == nil ? job.problems() : job.valueProblems()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() async throws {
        var job = commandLineJob
        if let jobFile { job = try JobFile.load(jobFile).overridden(by: job) }
        try job.validate()
        if spec {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(try job.spec()), as: UTF8.self))
            return
        }
        if plan {
            for line in try await job.releasePlan() { print(line) }
            return
        }
        if let reportTemplate = job.reportTemplate { _ = try BisectionReportCheck.template(reportTemplate) }
        if let report = job.report { try BisectionReportCheck.writable(report) }
        try page.checkWritable()
        let console = ConsoleLog()
        let result = try await job.run(console: console)
        try page.write(stateDirectory: result.stateDirectory, console: console)
        do {
            let text = try await job.prepared().report(
                result, templatePath: job.reportTemplate, reportedBy: job.reportedBy)
            print("\n" + text, terminator: text.hasSuffix("\n") ? "" : "\n")
            if let report = job.report { try BisectionReportCheck.write(text, to: report) }
        } catch {
            // The bisection's result stands (and is saved); say why the report is missing.
            console.line("warning: no report: \(error)")
        }
        let status = result.exitStatus
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
