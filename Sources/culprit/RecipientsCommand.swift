import ArgumentParser
import Foundation
import VCS

struct RecipientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipients",
        abstract: "List who to notify about a commit (trailers and MAINTAINERS).",
        discussion: """
            To: the author and the maintainers (M:) of the changed files. Cc: the people in the \
            commit's Signed-off-by/Reviewed-by/Acked-by/Tested-by/Reported-by/Co-developed-by \
            trailers, the reviewers (R:) and the mailing lists (L:). MAINTAINERS is read from the \
            commit itself; without one, only the commit's people are listed.
            """
    )

    @Option(name: .long, help: "The git repository (a work tree, a directory in it, or a bare repository).")
    var repo: String = "."

    @Flag(name: .long, help: "Print JSON ({to, cc, notes}; each person {name, email, roles}).")
    var json = false

    @Argument(help: "The commit (hash, tag, branch, HEAD~2 ...).")
    var revision: String

    func run() async throws {
        let repository = try await Repository(path: repo)
        let recipients = try await repository.recipients(for: revision)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(recipients), as: UTF8.self))
            return
        }
        for person in recipients.to { print("To: \(person.formatted) (\(person.roles.joined(separator: ", ")))") }
        for person in recipients.cc { print("Cc: \(person.formatted) (\(person.roles.joined(separator: ", ")))") }
        for note in recipients.notes { print("note: \(note)") }
    }
}
