import Foundation
import Model

/// Which database a store uses: an SQLite file in a data directory, or a PostgreSQL URL.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// `DIR/culprit.sqlite`.
    case sqlite(directory: String)
    /// `postgres://user[:password]@host[:port]/database`.
    case postgres(url: String)

    /// From the `--database` and `--data` options: a `postgres://` (or `postgresql://`) URL, a
    /// `sqlite://PATH-TO-DIR` URL, or nothing (the data directory, default ``defaultDataDirectory``).
    public static func parse(database: String?, data: String?) throws -> StoreLocation {
        if let database {
            if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
                return .postgres(url: database)
            }
            if database.hasPrefix("sqlite://") { return .sqlite(directory: String(database.dropFirst(9))) }
            throw CulpritError.badInput(
                "unknown database '\(database)': give a postgres://user@host:port/db URL, or leave --database out "
                    + "to use SQLite in the --data directory")
        }
        return .sqlite(directory: data ?? defaultDataDirectory)
    }

    /// `$XDG_STATE_HOME/culprit`, or `~/.local/state/culprit`.
    public static var defaultDataDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let state = env["XDG_STATE_HOME"], !state.isEmpty { return state + "/culprit" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.local/state/culprit"
    }

    public var description: String {
        switch self {
        case .sqlite(let directory): "SQLite in \(directory)"
        case .postgres(let url): "PostgreSQL at \(Self.redacted(url))"
        }
    }

    /// The URL without its password.
    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? url
    }
}
