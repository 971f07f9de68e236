import ArgumentParser

struct BenchGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract: "Time of each git operation a bisection step needs, on a generated 200k-commit repository."
    )

    func run() async throws {
        throw ValidationError("'culprit bench git' is not built yet")
    }
}
