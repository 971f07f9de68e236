import ArgumentParser

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Parse console logs into crash reports; check the parser against a corpus.",
        subcommands: [ReportParseCommand.self, ReportCheckCommand.self]
    )
}
