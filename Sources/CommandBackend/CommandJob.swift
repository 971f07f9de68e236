import Build
import Foundation
import Instance
import JobConfig
import Model
import Support

/// The generic backend's settings: shell commands run in the job's worktree, built with
/// ``CommandBuilder`` and tested with ``CommandTester`` (`--build`, `--test`, `--artifact`,
/// `--build-timeout`; in a job file the top-level keys `build:`, `test:`, `artifacts:`,
/// `build-timeout:`).
public struct CommandJob: Sendable, Equatable {
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

extension CommandJob: Backend {
    public static let kind = "command"
    public static let keys = ["build", "test", "artifacts", "build-timeout"]

    public static func read(_ entries: [JobFileEntry], reader: inout JobFileReader) -> CommandJob? {
        var job = CommandJob()
        for entry in entries {
            switch entry.key {
            case "build": job.build = reader.string(entry.key, entry.value)
            case "test": job.test = reader.string(entry.key, entry.value)
            case "artifacts": job.artifacts = reader.strings(entry.key, entry.value) ?? []
            case "build-timeout": job.buildTimeout = reader.seconds(entry.key, entry.value)
            default: break
            }
        }
        return job
    }

    public func missingSettings() -> [String] {
        var problems: [String] = []
        if build == nil { problems.append("no build command: give --build CMD (a shell command run in the worktree)") }
        if test == nil {
            problems.append("no test command: give --test CMD (a shell command that runs the reproducer once)")
        }
        return problems
    }

    public func valueProblems() -> [String] {
        var problems: [String] = []
        if build?.trimmingCharacters(in: .whitespaces).isEmpty == true { problems.append("the build command is empty") }
        if test?.trimmingCharacters(in: .whitespaces).isEmpty == true { problems.append("the test command is empty") }
        if let buildTimeout, let problem = TimeLimit.problem("build-timeout", buildTimeout) { problems.append(problem) }
        return problems
    }

    public func overridden(by other: CommandJob) -> CommandJob {
        CommandJob(
            build: other.build ?? build, test: other.test ?? test,
            artifacts: other.artifacts.isEmpty ? artifacts : other.artifacts,
            buildTimeout: other.buildTimeout ?? buildTimeout)
    }

    /// The commands and artifacts: other commands make another job, whose results are not mixed with these.
    public var identity: String {
        (["command", build ?? "", test ?? ""] + artifacts).joined(separator: "\u{0}")
    }

    public var settings: JSONValue {
        var o: [String: JSONValue] = ["artifacts": .array(artifacts.map(JSONValue.string))]
        if let build { o["build"] = .string(build) }
        if let test { o["test"] = .string(test) }
        if let buildTimeout { o["build-timeout"] = .number(buildTimeout) }
        return .object(o)
    }

    public func makeBuilder(job: BisectJob, workRoot: String) -> any Builder {
        CommandBuilder(command: build ?? "", artifacts: artifacts, timeout: buildTimeout.map(TimeLimit.duration))
    }

    public func makeTester(job: BisectJob, workRoot: String) -> any Tester {
        CommandTester(
            command: test ?? "", jobs: job.jobs ?? BisectJob.defaultJobs, timeout: job.timeout.map(TimeLimit.duration))
    }
}
