import Foundation
import Model
import Support

/// Builds any project with a shell command (`/bin/sh -c COMMAND`) run in the job's worktree.
///
/// Exit status 0 means built; anything else is a build failure of that revision (no evidence
/// about the bug), reported with the first line that looks like an error and the log's tail.
/// The full log (standard output and error) is kept as `build.log` in the request's output
/// directory. The revision is passed in the environment, never spliced into the command:
/// `CULPRIT_COMMIT`, `CULPRIT_WORKTREE`, `CULPRIT_OUTPUT_DIR`.
///
/// When `artifacts` names files (relative to the worktree), they must exist after a build, and
/// their SHA-256 digests form the artifact's signature, so that a culprit whose binary equals
/// its parent's can be flagged.
public struct CommandBuilder: Builder {
    /// The shell command line, as the user wrote it.
    public var command: String
    /// Files the build produces, relative to the worktree; hashed into the signature.
    public var artifacts: [String]
    /// Time limit for one build; a build over it counts as failed.
    public var timeout: Duration?

    /// Lines of the log kept in ``BuildResult/logTail``.
    public static let tailLines = 30

    public init(command: String, artifacts: [String] = [], timeout: Duration? = nil) {
        self.command = command
        self.artifacts = artifacts
        self.timeout = timeout
    }

    /// The compiler's version line: the command's first word when it is a compiler, else `cc`.
    public func describe(_ request: BuildRequest) async -> String {
        let first = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        let compilers: Set<String> = ["gcc", "cc", "clang", "g++", "c++", "clang++", "rustc", "go", "swiftc"]
        // Only a compiler the build command itself names says something about the build.
        guard compilers.contains((first as NSString).lastPathComponent) else { return "" }
        let compiler = first
        let versionFlag = compiler.hasSuffix("go") ? "version" : "--version"
        if let r = try? await ProcessRunner.run(
            compiler, [versionFlag], directory: request.worktree, output: .capture(limit: 1 << 16),
            timeout: .seconds(10)), r.succeeded,
            let line = r.outputText.split(separator: "\n").first
        {
            return String(line)
        }
        return ""
    }

    public func build(_ request: BuildRequest) async throws -> BuildResult {
        guard FileManager.default.fileExists(atPath: request.worktree) else {
            throw CulpritError.infrastructure("the worktree \(request.worktree) does not exist; cannot build")
        }
        try FileManager.default.createDirectory(atPath: request.outputDirectory, withIntermediateDirectories: true)
        let logPath = request.outputDirectory + "/build.log"
        let result = try await ProcessRunner.run(
            "/bin/sh", ["-c", command], directory: request.worktree,
            environment: [
                "CULPRIT_COMMIT": request.commit, "CULPRIT_WORKTREE": request.worktree,
                "CULPRIT_OUTPUT_DIR": request.outputDirectory,
            ],
            output: .file(logPath), mergeStandardError: true, timeout: timeout, contained: true)
        let seconds = result.duration.seconds
        let log = FileTail.text(of: logPath, limit: 1 << 20)

        func failed(_ firstError: String?) -> BuildResult {
            BuildResult(
                status: .failed, firstError: firstError ?? BuildLog.firstError(in: log), logTail: Self.tail(log),
                logPath: logPath, seconds: seconds)
        }
        if result.timedOut {
            return failed("build timed out after \(timeout.map { "\($0.components.seconds)s" } ?? "its limit")")
        }
        guard result.succeeded else {
            return failed(BuildLog.firstError(in: log) ?? "build command ended with \(result.status)")
        }
        var files: [String: String] = [:]
        for artifact in artifacts {
            let path = artifact.hasPrefix("/") ? artifact : request.worktree + "/" + artifact
            guard FileManager.default.fileExists(atPath: path) else {
                return failed("the build succeeded but did not produce \(artifact)")
            }
            files[artifact] = path
        }
        let signature = try await Self.signature(of: artifacts.compactMap { files[$0] })
        return BuildResult(
            status: .built,
            artifact: Artifact(directory: request.worktree, files: files, signature: signature),
            logPath: logPath, seconds: seconds)
    }

    /// SHA-256 of the files, combined; nil when there are none.
    static func signature(of paths: [String]) async throws -> String? {
        let digests = try await BuildLog.sha256(paths)
        return digests.isEmpty ? nil : digests.joined(separator: ":")
    }

    /// The last ``tailLines`` lines of `log`.
    static func tail(_ log: String) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(tailLines + 1)
            .joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}
