import ArgumentParser

struct BisectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bisect",
        abstract: "Bisect a repository: find the commit that introduced or fixed a crash."
    )

    func run() async throws {
        throw ValidationError("'culprit bisect' is not built yet")
    }
}
