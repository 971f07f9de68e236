import ArgumentParser
import Foundation
import VCS

struct BenchGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract: "Time of each git operation a bisection step needs, on a generated 200k-commit repository.",
        discussion: """
            The repository is generated once with git fast-import and cached (see --directory); \
            later runs only measure. Queries are timed without, then with, a commit-graph file.
            """
    )

    @Option(help: "Number of commits in the generated history.")
    var commits = 200_000

    @Option(help: "Cache directory for the generated repository (default: <tmp>/culprit-bench-git-<commits>).")
    var directory: String?

    @Option(help: "Repetitions per operation; the median is printed.")
    var runs = 5

    @Flag(help: "Regenerate the repository even if a cached one exists.")
    var fresh = false

    func validate() throws {
        guard commits >= 1_000 else { throw ValidationError("--commits must be at least 1000") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        let bench = GitBenchmark(commits: commits, directory: directory, runs: runs, fresh: fresh)
        print("culprit bench git: \(commits) commits in \(bench.directory)")
        _ = try await bench.run { figure in
            let time =
                figure.seconds >= 1
                ? String(format: "%8.2f s ", figure.seconds) : String(format: "%8.1f ms", figure.seconds * 1000)
            print(figure.operation.padding(toLength: 54, withPad: " ", startingAt: 0) + time + "  " + figure.detail)
        }
    }
}
