import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print performance figures (crash parser, git operations, job queue, engine decisions).",
        subcommands: [BenchReportCommand.self, BenchGitCommand.self, BenchQueueCommand.self, BenchEngineCommand.self]
    )
}
