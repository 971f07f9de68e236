import CrashReport
import Foundation
import Model
import Support

/// Runs a reproducer shell command (`/bin/sh -c COMMAND`) in the job's worktree, once per
/// requested run, up to `jobs` runs at a time.
///
/// Each run's standard output and error go to `run-<i>.log` in the request's log directory and
/// through ``ReportParser``; the outcome is, in order:
/// - a crash report in the output: `crashed: <report title>`;
/// - the run exceeded `timeout`: `timed out` (with the output's last lines);
/// - exit status 0: `OK`;
/// - exit status 125: cannot test (as with `git bisect run`): no evidence;
/// - exit status 126 or 127 (the shell could not find or run the command): an infrastructure
///   failure, no evidence about the bug;
/// - killed by a signal (or a shell's exit status 128+N): `crashed: killed by signal N`;
/// - any other status N: `crashed: exit status N`.
///
/// The revision and the run are passed in the environment, never spliced into the command:
/// `CULPRIT_COMMIT`, `CULPRIT_RUN`, `CULPRIT_WORKTREE`, `CULPRIT_ARTIFACT_DIR`.
public struct CommandTester: Tester {
    /// The shell command line, as the user wrote it.
    public var command: String
    /// Runs at the same time.
    public var jobs: Int
    /// Time limit for one run.
    public var timeout: Duration?

    /// Lines of output kept for a time-out or a crash without a report.
    public static let tailLines = 30
    /// At most this much of a run's output (its end) is parsed for crash reports.
    public static let parseLimit = 64 << 20
    /// At most about this much of one run's output is kept: the head, the tail, and the blocks
    /// in between that hold a crash report.
    public static let runLogLimit = 16 << 20
    /// Run logs a job keeps; beyond it, only the logs of crashes and time-outs are kept.
    public static let jobLogLimit = 1 << 30

    /// The job's budget for run logs.
    public let logBudget: LogBudget

    public init(command: String, jobs: Int = 1, timeout: Duration? = nil, jobLogLimit: Int = Self.jobLogLimit) {
        self.command = command
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.logBudget = LogBudget(limit: jobLogLimit)
    }

    public func test(
        _ request: TestRequest, onRun: @escaping @Sendable (RunResult) throws -> Void
    ) async throws -> [RunResult] {
        guard FileManager.default.fileExists(atPath: request.worktree) else {
            throw CulpritError.infrastructure("the worktree \(request.worktree) does not exist; cannot test")
        }
        try FileManager.default.createDirectory(atPath: request.logDirectory, withIntermediateDirectories: true)
        return try await RunPool.run(Array(request.runs), width: jobs, onRun: onRun) { index in
            try await run(index, request)
        }
    }

    private func run(_ index: Int, _ request: TestRequest) async throws -> RunResult {
        let logPath = request.logDirectory + "/run-\(index).log"
        let started = ContinuousClock.now
        let result: ProcessResult
        do {
            result = try await ProcessRunner.run(
                "/bin/sh", ["-c", command], directory: request.worktree,
                environment: [
                    "CULPRIT_COMMIT": request.commit, "CULPRIT_RUN": String(index),
                    "CULPRIT_WORKTREE": request.worktree, "CULPRIT_ARTIFACT_DIR": request.artifact.directory,
                ],
                output: .cappedFile(logPath, limit: Self.runLogLimit, keep: { ReportParser().containsCrash($0) }),
                mergeStandardError: true, timeout: timeout, contained: true)
        } catch let error as CulpritError where error.code == .infrastructure {
            return RunResult(
                index: index, outcome: .infrastructureFailure(reason: error.message),
                seconds: (ContinuousClock.now - started).seconds, logPath: logPath)
        }
        let output = FileTail.bytes(of: logPath, limit: Self.parseLimit)
        let outcome = Self.outcome(status: result.status, timedOut: result.timedOut, output: output)
        var kept: String? = logPath
        let size = (try? FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0
        let jobLogs = (request.logDirectory as NSString).deletingLastPathComponent
        if !logBudget.admit(size, in: jobLogs) && !outcome.isCrashOrTimeout {
            // Over the job's budget: a run that shows nothing keeps no log.
            try? FileManager.default.removeItem(atPath: logPath)
            logBudget.release(size)
            kept = nil
        }
        return RunResult(index: index, outcome: outcome, seconds: result.duration.seconds, logPath: kept)
    }

    /// What one finished run showed, from how it ended and its output.
    public static func outcome(status: ProcessResult.Status, timedOut: Bool, output: [UInt8]) -> RunOutcome {
        if let report = ReportParser().parse(output).first(where: { !$0.suppressed }) {
            return .crashed(title: report.title, report: report.text)
        }
        let tail = lastLines(output)
        if timedOut { return .timedOut(lastLines: tail) }
        switch status {
        case .exited(0):
            return .ok
        case .exited(125):
            return .cannotTest(reason: lastLine(tail) ?? "the test command exited with status 125")
        case .exited(let code) where code == 126 || code == 127:
            return .infrastructureFailure(
                reason: "the test command could not run (exit status \(code)): \(lastLine(tail) ?? "no output")")
        case .exited(let code) where code > 128 && code <= 128 + 64:
            return .crashed(title: "killed by signal \(code - 128)", report: tail.isEmpty ? nil : tail)
        case .exited(let code):
            return .crashed(title: "exit status \(code)", report: tail.isEmpty ? nil : tail)
        case .signalled(let signal):
            return .crashed(title: "killed by signal \(signal)", report: tail.isEmpty ? nil : tail)
        }
    }

    private static func lastLines(_ output: [UInt8]) -> String {
        let text = String(decoding: output.suffix(1 << 16), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(tailLines + 1)
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func lastLine(_ text: String) -> String? {
        text.split(separator: "\n").last.map { String($0.prefix(300)) }
    }
}

extension RunOutcome {
    /// A crash or a time-out: a run whose log a person needs.
    var isCrashOrTimeout: Bool {
        switch self {
        case .crashed, .timedOut: true
        default: false
        }
    }
}
