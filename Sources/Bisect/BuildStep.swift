import Build
import Foundation
import Model
import VCS

/// One build of a revision in a work tree already checked out at it: recorded in the journal as it
/// starts and ends, checked against the work tree it was made in (a build that moved the tree
/// built something else and counts as failed). A value, so that a task can run it beside a test.
struct BuildStep: Sendable {
    let commit: String
    let worktree: Worktree
    let builder: any Builder
    /// Where the build's log and products go (outside the work tree).
    let output: String
    /// Records an event in the journal and hands it on.
    let emit: @Sendable (JobEvent) throws -> Void
    /// Logs a line.
    let line: @Sendable (String) -> Void

    /// Builds; a build cancelled before it ended records no result (it says nothing about the
    /// revision) and throws.
    func run() async throws -> BuildResult {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let request = BuildRequest(commit: commit, worktree: worktree.path, outputDirectory: output)
        let snapshot = try await worktree.snapshot(commit)
        try emit(.buildStarted(commit: commit))
        var result = try await builder.build(request)
        try Task.checkCancellation()
        if let problem = await worktree.problem(snapshot) {
            // What was built is not `commit`: no verdict for it (a failed build is skipped).
            result = BuildResult(
                status: .failed, firstError: "the build changed the work tree: \(problem)", logTail: result.logTail,
                logPath: result.logPath, seconds: result.seconds)
            line("warning: the build of \(commit) changed the work tree (\(problem)): no verdict for it")
            try await worktree.checkout(commit)
        }
        try emit(.buildFinished(commit: commit, result: result))
        for note in result.notes ?? [] { line(note) }
        return result
    }
}
