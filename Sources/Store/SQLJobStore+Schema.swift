import SQLKit

extension SQLJobStore {
    /// One schema change: its version and its statements (the same SQL on both databases but
    /// for the auto-increment key).
    struct Migration: Sendable {
        var version: Int
        var statements: [SQLQueryString]
    }

    /// An auto-increment primary key column.
    var serialKey: SQLQueryString {
        isPostgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"
    }

    /// The schema, as a list of migrations applied in order and recorded in `schema_migrations`.
    var migrations: [Migration] {
        [
            Migration(
                version: 1,
                statements: [
                    """
                    CREATE TABLE jobs (
                        id \(serialKey),
                        state TEXT NOT NULL,
                        priority INTEGER NOT NULL DEFAULT 0,
                        spec TEXT NOT NULL,
                        backend TEXT NOT NULL,
                        repository TEXT NOT NULL,
                        bad TEXT NOT NULL,
                        submitted_by TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        lease_owner TEXT,
                        lease_expires DOUBLE PRECISION,
                        submitted_at DOUBLE PRECISION NOT NULL,
                        started_at DOUBLE PRECISION,
                        finished_at DOUBLE PRECISION,
                        title TEXT,
                        outcome TEXT,
                        culprit TEXT,
                        confidence DOUBLE PRECISION,
                        result TEXT,
                        error TEXT
                    )
                    """,
                    "CREATE INDEX jobs_queue ON jobs (state, priority, id)",
                    """
                    CREATE TABLE job_events (
                        id \(serialKey),
                        job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                        at DOUBLE PRECISION NOT NULL,
                        kind TEXT NOT NULL,
                        body TEXT NOT NULL,
                        worker TEXT
                    )
                    """,
                    "CREATE INDEX job_events_job ON job_events (job_id, id)",
                    """
                    CREATE TABLE artifacts (
                        job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        content TEXT NOT NULL,
                        PRIMARY KEY (job_id, name)
                    )
                    """,
                    """
                    CREATE TABLE workers (
                        id TEXT PRIMARY KEY,
                        host TEXT NOT NULL,
                        capabilities TEXT NOT NULL,
                        slots INTEGER NOT NULL,
                        started_at DOUBLE PRECISION NOT NULL,
                        heartbeat_at DOUBLE PRECISION NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE tokens (
                        id \(serialKey),
                        name TEXT NOT NULL,
                        hash TEXT NOT NULL UNIQUE,
                        created_at DOUBLE PRECISION NOT NULL
                    )
                    """,
                ]),
            // Tokens get a scope: `all` (what every earlier token could do), `submit` or `worker`.
            Migration(version: 2, statements: ["ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'all'"]),
            // A worker registered through the server records its token (NULL: registered on the
            // database itself), and a worker's append of events names its batch, so that a batch
            // sent again after a lost answer is stored once.
            Migration(
                version: 3,
                statements: [
                    "ALTER TABLE workers ADD COLUMN token_id BIGINT",
                    """
                    CREATE TABLE event_batches (
                        job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                        batch TEXT NOT NULL,
                        ids TEXT NOT NULL,
                        PRIMARY KEY (job_id, batch)
                    )
                    """,
                ]),
        ]
    }

    /// Applies the migrations not yet recorded, each in its own transaction. On PostgreSQL an
    /// advisory lock keeps two processes starting at once from applying the same one twice.
    func migrate() async throws {
        try await transaction { db in
            if isPostgres { try await db.raw("SELECT pg_advisory_xact_lock(7419730001)").run() }
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)"
            ).run()
            let applied = Set(
                try await db.raw("SELECT version FROM schema_migrations").all().map { try $0.decode(column: "version", as: Int.self) })
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements { try await db.raw(statement).run() }
                try await db.raw(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (\(bind: migration.version), \(now))"
                ).run()
            }
        }
    }

    /// The schema version in the database.
    public func schemaVersion() async throws -> Int {
        try await withDatabase { db in
            try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()?.decode(column: "v", as: Int?.self)
                ?? 0
        }
    }
}
