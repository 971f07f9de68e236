import ArgumentParser

struct RecipientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipients",
        abstract: "List who to notify about a commit (trailers and MAINTAINERS)."
    )

    func run() async throws {
        throw ValidationError("'culprit recipients' is not built yet")
    }
}
