import ArgumentParser
import Bisect
import Foundation
import Model

struct CleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove one finished or stopped job's work tree, build trees and run logs.",
        discussion: """
            Keeps the job's journal (its results: running the same bisect command again still \
            resumes it) and full log, unless --all is given. Then prunes the repository's work-tree \
            registrations (git worktree prune). A running job is refused.
            """
    )

    @Argument(help: ArgumentHelp("The job: its id (or a unique prefix, as `culprit jobs` shows) or its state directory.", valueName: "job"))
    var job: String

    @Option(help: ArgumentHelp("The repository of the job. Default: the current directory.", valueName: "dir"))
    var repo: String?

    @Option(help: ArgumentHelp("A directory of job states to look in instead of a repository.", valueName: "dir"))
    var state: String?

    @Flag(help: "Remove the whole job, journal and log included.")
    var all = false

    func run() async throws {
        let jobs: [LocalJob]
        if FileManager.default.fileExists(atPath: job + "/journal.jsonl") {
            jobs = try await LocalJob.all(under: JobsCommand.absolute(job))
        } else {
            let root = state ?? repo ?? "."
            jobs = try await LocalJob.all(under: JobsCommand.absolute(root)).filter {
                ($0.identity?.job.rawValue ?? ($0.directory as NSString).lastPathComponent).hasPrefix(job)
            }
            guard jobs.count == 1 else {
                throw CulpritError.badInput(
                    jobs.isEmpty
                        ? "no job \(job) under \(root): `culprit jobs` lists the jobs there"
                        : "\(job) names \(jobs.count) jobs under \(root): give more of the id")
            }
        }
        guard let target = jobs.first else { throw CulpritError.badInput("no job in \(job)") }
        let freed = try await target.clean(all: all)
        print("cleaned \(target.directory)\(all ? " (removed)" : ""): freed \(JobsCommand.bytes(freed))")
    }
}
