import ArgumentParser
import Bisect
import Foundation
import JobConfig
import KernelBackend
import Model

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List the bisection jobs on this machine, with their state, outcome and disk use.",
        discussion: """
            Lists every job of a repository (its state is kept under the repository's git \
            directory, in culprit/) or under a --state directory: the job id, running, finished or \
            stopped (run the same command again to resume it), the outcome, the revisions, what \
            was built and run, and the disk it uses.

            --prune removes the work trees, build trees and run logs of finished jobs, keeping \
            their journal (the results) and full log; with --all it removes finished jobs entirely, \
            and the kernel build tree the repository's kernel jobs share (unless a build uses it). \
            `culprit clean JOB` does the same for one job.
            """
    )

    @Option(help: ArgumentHelp("The repository whose jobs to list. Default: the current directory.", valueName: "dir"))
    var repo: String?

    @Option(
        help: ArgumentHelp(
            "A directory of job states (the --state of bisect jobs, or one job's state directory) instead of a repository.",
            valueName: "dir"))
    var state: String?

    @Flag(help: "Remove the work trees, build trees and run logs of finished jobs (keeping journal and log).")
    var prune = false

    @Flag(
        help:
            "With --prune: remove finished jobs entirely, journal and log included, and the repository's shared kernel build tree.")
    var all = false

    @Option(
        help: ArgumentHelp(
            "Write one job's page (timeline, posterior chart, log, crash, recipients) as self-contained HTML to this file; the job is --job, or the only one.",
            valueName: "file"))
    var html: String?

    @Option(name: .customLong("job"), help: ArgumentHelp("With --html: the job's id or a unique prefix of it.", valueName: "id"))
    var jobID: String?

    @Option(
        help: ArgumentHelp(
            "List the jobs of a `culprit serve` server instead (e.g. http://127.0.0.1:8080), newest first.",
            valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("With --server: at most this many jobs.", valueName: "n"))
    var limit: Int = 50

    func validate() throws {
        if repo != nil && state != nil { throw ValidationError("give --repo or --state, not both") }
        if jobID != nil && html == nil { throw ValidationError("--job goes with --html") }
        if all && !prune { throw ValidationError("--all goes with --prune (or use `culprit clean JOB --all`)") }
        if server != nil && (repo != nil || state != nil || prune) {
            throw ValidationError("--server lists a server's jobs: leave out --repo, --state and --prune")
        }
        if !(1...1000).contains(limit) { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func run() async throws {
        if let server {
            try await listServerJobs(server)
            return
        }
        let root = state ?? repo ?? "."
        var jobs = try await LocalJob.all(under: JobsCommand.absolute(root))
        let kernelTree = state == nil ? await SharedKernelTree.of(repository: JobsCommand.absolute(root)) : nil
        if jobs.isEmpty && kernelTree == nil {
            print("no jobs under \(root)")
            return
        }
        if let html {
            let chosen = jobs.filter { job in
                jobID.map { (job.identity?.job.rawValue ?? "").hasPrefix($0) } ?? true
            }
            guard chosen.count == 1, let job = chosen.first else {
                throw CulpritError.badInput(
                    "--html needs one job and \(chosen.count) match under \(root): give --job ID (`culprit jobs` lists them)")
            }
            try HTMLReport.write(job, to: JobsCommand.absolute(html))
            print("wrote \(html) (job \(job.identity?.job.rawValue ?? job.directory), \(job.state.rawValue))")
            return
        }
        if prune {
            var freed: Int64 = 0
            var count = 0
            for job in jobs where job.state == .finished {
                freed += try await job.clean(all: all)
                count += 1
            }
            print("pruned \(count) finished job\(count == 1 ? "" : "s"), freed \(JobsCommand.bytes(freed))")
            if all, let kernelTree {
                if let treeFreed = try kernelTree.prune() {
                    print("removed the shared kernel build tree \(kernelTree.path), freed \(JobsCommand.bytes(treeFreed))")
                } else {
                    print("kept the shared kernel build tree \(kernelTree.path): a build is using it")
                }
            }
            jobs = try await LocalJob.all(under: JobsCommand.absolute(root))
        }
        if !jobs.isEmpty {
            for line in JobsCommand.table(jobs) { print(line) }
        }
        if let tree = await SharedKernelTree.of(repository: JobsCommand.absolute(root)), state == nil {
            print("shared kernel build tree: \(tree.path), \(JobsCommand.bytes(tree.diskUse)) (`--prune --all` removes it)")
        }
    }

    /// The listing: one row a job and a total.
    static func table(_ jobs: [LocalJob]) -> [String] {
        var rows = [["JOB", "STATE", "OUTCOME", "BAD", "GOOD", "CULPRIT", "TESTED", "BUILDS", "RUNS", "DISK"]]
        for job in jobs {
            let id = job.identity?.job.rawValue ?? (job.directory as NSString).lastPathComponent
            let good = job.result?.goodCommit ?? job.identity?.good
            let bad: String = job.identity.map { String($0.bad.prefix(12)) } ?? "-"
            let goodText: String = good.map { String($0.prefix(12)) } ?? "-"
            let culprit: String = job.result?.culprit.map { String($0.hash.prefix(12)) } ?? "-"
            let outcome: String = job.result?.outcome.rawValue ?? "-"
            var row: [String] = [String(id.prefix(12)), job.state.rawValue, outcome, bad, goodText, culprit]
            row += ["\(job.revisionsTested)", "\(job.builds)", "\(job.runs)", bytes(job.diskUse)]
            rows.append(row)
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        let total = jobs.reduce(Int64(0)) { $0 + $1.diskUse }
        lines.append("\(jobs.count) job\(jobs.count == 1 ? "" : "s"), \(bytes(total)) on disk")
        return lines
    }

    /// `512 B`, `12.3 KiB`, `4.1 MiB`, `1.2 GiB`.
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
