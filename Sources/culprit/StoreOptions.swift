import ArgumentParser
import Store

/// Where the job store is: `--database URL` (PostgreSQL, shared) or `--data DIR` (SQLite).
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A PostgreSQL URL (postgres://user[:password]@host[:port]/database) shared by the server and every worker. Default: SQLite in --data.",
            valueName: "url"))
    var database: String?

    @Option(
        help: ArgumentHelp(
            "Directory of the embedded SQLite store (used without --database). Default: $XDG_STATE_HOME/culprit or ~/.local/state/culprit.",
            valueName: "dir"))
    var data: String?

    var location: StoreLocation {
        get throws { try StoreLocation.parse(database: database, data: data) }
    }

    func validate() throws {
        if database != nil && data != nil {
            throw ValidationError("give either --database (PostgreSQL) or --data (SQLite), not both")
        }
        _ = try location
    }
}
