import ArgumentParser

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Bisect a generated C project with a planted use-after-free, end to end."
    )

    func run() async throws {
        throw ValidationError("'culprit demo' is not built yet")
    }
}
