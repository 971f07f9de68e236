import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Model

/// The ``JobStore`` over SQL: one schema, one set of queries (SQLKit), two databases.
///
/// - SQLite: one connection, and one statement or transaction at a time (an async lock in this
///   process, `BEGIN IMMEDIATE` and a busy timeout between processes): a single writer.
/// - PostgreSQL: a connection pool (`PostgresClient`); a claim takes the next row with
///   `FOR UPDATE SKIP LOCKED`, so workers on many machines never take the same job.
///
/// Times are the database's clock (seconds since 1970), so leases mean the same to every worker.
public final class SQLJobStore: JobStore {
    enum Connection: Sendable {
        case sqlite(SQLiteConnection, AsyncMutex)
        case postgres(PostgresClient, Task<Void, Never>)
    }

    let connection: Connection
    let logger: Logger
    /// Where it is, for messages.
    public let location: StoreLocation

    var isPostgres: Bool { if case .postgres = connection { true } else { false } }

    /// The database clock in seconds since 1970.
    var now: SQLQueryString {
        isPostgres
            ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)"
            : "((julianday('now') - 2440587.5) * 86400.0)"
    }

    private init(connection: Connection, location: StoreLocation, logger: Logger) {
        self.connection = connection
        self.location = location
        self.logger = logger
    }

    /// A store dropped without ``close()`` (a caller that threw, a cancelled task) still closes its
    /// SQLite connection: the close holds the connection until it has run on SQLite's thread pool.
    /// (SQLiteNIO stops a debug process when a connection is freed open.) Closing twice is harmless.
    deinit {
        if case .sqlite(let c, _) = connection { _ = c.close() }
    }

    /// Opens the store (creating the SQLite file and directory if needed) and brings its schema
    /// up to date.
    public static func open(_ location: StoreLocation, logger: Logger = Logger(label: "culprit.store")) async throws
        -> SQLJobStore
    {
        let store: SQLJobStore
        switch location {
        case .sqlite(let directory):
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CulpritError.badInput("cannot create the data directory \(directory): \(error.localizedDescription)")
            }
            let path = URL(fileURLWithPath: directory).standardizedFileURL.path + "/culprit.sqlite"
            let sqlite: SQLiteConnection
            do {
                sqlite = try await SQLiteConnection.open(storage: .file(path: path), logger: logger).get()
            } catch {
                throw CulpritError.infrastructure("cannot open the SQLite database \(path): \(error)")
            }
            store = SQLJobStore(connection: .sqlite(sqlite, AsyncMutex()), location: location, logger: logger)
            // Readers do not wait for the writer; other processes wait up to 30 s for the lock.
            try await store.closingOnError {
                try await store.withDatabase { db in
                    try await db.raw("PRAGMA busy_timeout = 30000").run()
                    try await db.raw("PRAGMA journal_mode = WAL").run()
                    try await db.raw("PRAGMA synchronous = FULL").run()
                    try await db.raw("PRAGMA foreign_keys = ON").run()
                }
            }
        case .postgres(let url):
            let configuration = try postgresConfiguration(url)
            // The pool's background warnings (a lease asked for before `run()` got going) are noise here.
            var background = logger
            background.logLevel = .error
            let client = PostgresClient(configuration: configuration, backgroundLogger: background)
            let task = Task { await client.run() }
            store = SQLJobStore(connection: .postgres(client, task), location: location, logger: logger)
            do {
                try await store.withDatabase { db in try await db.raw("SELECT 1").run() }
            } catch {
                task.cancel()
                throw CulpritError.infrastructure(
                    "cannot connect to \(location): \(String(reflecting: error)): check that the server runs and the URL")
            }
        }
        try await store.closingOnError { try await store.migrate() }
        return store
    }

    /// Runs `body`; when it throws (a failed migration, a cancelled open), closes the connection
    /// before passing the error on: a store dropped with its SQLite connection open is a crash in
    /// SQLiteNIO, and a PostgreSQL client left running is a task that never ends.
    private func closingOnError(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            try? await close()
            throw error
        }
    }

    static func postgresConfiguration(_ url: String) throws -> PostgresClient.Configuration {
        guard let c = URLComponents(string: url), let host = c.host, !host.isEmpty else {
            throw CulpritError.badInput("cannot read the database URL \(StoreLocation.redacted(url)): use postgres://user[:password]@host[:port]/database")
        }
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        let tls = c.queryItems?.first { $0.name == "sslmode" }?.value
        var configuration = PostgresClient.Configuration(
            host: host, port: c.port ?? 5432, username: c.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres",
            password: c.password, database: database.isEmpty ? nil : database,
            tls: tls == "require" ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = 16
        return configuration
    }

    public func close() async throws {
        switch connection {
        case .sqlite(let c, _): try await c.close().get()
        case .postgres(_, let task): task.cancel()
        }
    }

    /// Runs `body` with the database: under the SQLite lock, or on one pooled PostgreSQL connection.
    func withDatabase<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        switch connection {
        case .sqlite(let c, let mutex):
            return try await mutex.withLock { try await body(c.sql(queryLogLevel: nil)) }
        case .postgres(let client, _):
            return try await client.withConnection { c in try await body(c.sql(queryLogLevel: nil)) }
        }
    }

    /// Runs `body` in one transaction (SQLite: `BEGIN IMMEDIATE`, the write lock from the start).
    ///
    /// The transaction always ends here, committed or rolled back, even when the calling task
    /// is cancelled: the drivers skip a statement asked for by a cancelled task (SQLite's
    /// thread pool, PostgreSQL's pool and queries throw `CancellationError`), and a skipped
    /// `ROLLBACK` would leave the connection inside the transaction, holding the write lock,
    /// with the next `BEGIN` failing ("cannot start a transaction within a transaction").
    /// So `COMMIT` and `ROLLBACK` run in a task of their own, which the cancellation does not reach.
    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withDatabase { db in
            try await db.raw(isPostgres ? "BEGIN" : "BEGIN IMMEDIATE").run()
            let value: T
            do {
                value = try await body(db)
            } catch {
                await end(db, "ROLLBACK", after: error)
                throw error
            }
            do {
                try await Task { try await db.raw("COMMIT").run() }.value
            } catch {
                await end(db, "ROLLBACK", after: error)
                throw error
            }
            return value
        }
    }

    /// Ends the open transaction with `statement`, out of reach of the caller's cancellation.
    private func end(_ db: any SQLDatabase, _ statement: SQLQueryString, after error: any Error) async {
        let logger = self.logger
        await Task {
            do {
                try await db.raw(statement).run()
            } catch let failure {
                logger.error("cannot roll back after \(String(reflecting: error)): \(String(reflecting: failure))")
            }
        }.value
    }
}
