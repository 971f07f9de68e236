import ArgumentParser
import Store

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the access tokens of `culprit serve`.",
        subcommands: [TokenCreateCommand.self]
    )
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token for submitting jobs or running workers; prints it once.",
        discussion: """
            The store keeps only the token's SHA-256, so the printed token cannot be shown again. \
            Give it to clients as `--token` or in CULPRIT_TOKEN, to workers as `--token-file`. \
            --scope submit: submit, cancel and retry jobs; --scope worker: run `culprit worker \
            --server` and nothing else; --scope all (the default): both. A worker id belongs to \
            the token that registered it: no other token may act as that worker.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("A name for the token, shown in the server's log (who submitted).", valueName: "name"))
    var name: String = "default"

    @Option(help: ArgumentHelp("What the token may do: all, submit, worker.", valueName: "scope"))
    var scope: String = "all"

    func validate() throws {
        if TokenScope(rawValue: scope) == nil {
            throw ValidationError("unknown --scope '\(scope)': use all, submit or worker")
        }
        if name.isEmpty || name.count > 100 { throw ValidationError("--name must have 1 to 100 characters") }
    }

    func run() async throws {
        let store = try await SQLJobStore.open(try self.store.location)
        let secret = try await store.createToken(name: name, scope: TokenScope(rawValue: scope) ?? .all)
        try await store.close()
        print(secret)
    }
}
