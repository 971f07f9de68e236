import ArgumentParser

struct BenchReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Crash-parser throughput and peak memory over the corpus and a synthetic 200 MB log."
    )

    func run() async throws {
        throw ValidationError("'culprit bench report' is not built yet")
    }
}
