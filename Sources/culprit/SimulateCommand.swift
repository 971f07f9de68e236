import ArgumentParser

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Measure accuracy and cost of the strategies on synthetic histories."
    )

    func run() async throws {
        throw ValidationError("'culprit simulate' is not built yet")
    }
}
