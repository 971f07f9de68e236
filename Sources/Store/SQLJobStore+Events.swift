import Foundation
import SQLKit
import Model

extension SQLJobStore {
    /// Appends one event in the current transaction.
    @discardableResult
    func insertEvent(_ db: any SQLDatabase, job: Int64, worker: String?, _ event: NewEvent) async throws -> Int64 {
        guard
            let id = try await db.raw(
                """
                INSERT INTO job_events (job_id, at, kind, body, worker)
                VALUES (\(bind: job), \(now), \(bind: event.kind), \(bind: event.body), \(bind: worker))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CulpritError.infrastructure("the database returned no id for a new event") }
        return id
    }

    /// Whether `worker` holds the lease of `job` (locking the row on PostgreSQL until the commit,
    /// so that the lease cannot move while the worker writes).
    func holdsLease(_ db: any SQLDatabase, job: Int64, worker: String) async throws -> Bool {
        let lock: SQLQueryString = isPostgres ? " FOR UPDATE" : ""
        return try await db.raw(
            "SELECT id FROM jobs WHERE id = \(bind: job) AND state = 'running' AND lease_owner = \(bind: worker)\(lock)"
        ).first() != nil
    }

    public func append(job: Int64, worker: String?, events: [NewEvent], batch: String?) async throws -> [Int64]? {
        try await transaction { db in
            if let batch {
                // The job's row locked first (PostgreSQL), so that the same batch sent twice at
                // once is stored by one and found by the other; SQLite has one writer anyway.
                if isPostgres { try await db.raw("SELECT id FROM jobs WHERE id = \(bind: job) FOR UPDATE").run() }
                if let ids = try await db.raw(
                    "SELECT ids FROM event_batches WHERE job_id = \(bind: job) AND batch = \(bind: batch)"
                ).first(decodingColumn: "ids", as: String.self) {
                    // Stored already (the answer to the first sending was lost): the same ids.
                    return ids.split(separator: ",").compactMap { Int64($0) }
                }
            }
            if let worker {
                guard try await holdsLease(db, job: job, worker: worker) else { return nil }
            } else {
                guard try await db.raw("SELECT id FROM jobs WHERE id = \(bind: job)").first() != nil else {
                    throw CulpritError(.notFound, "no job \(job)")
                }
            }
            var ids: [Int64] = []
            for event in events { ids.append(try await insertEvent(db, job: job, worker: worker, event)) }
            if let batch {
                let list = ids.map(String.init).joined(separator: ",")
                try await db.raw(
                    "INSERT INTO event_batches (job_id, batch, ids) VALUES (\(bind: job), \(bind: batch), \(bind: list))"
                ).run()
            }
            return ids
        }
    }

    public func events(job: Int64, after: Int64, kinds: [String]?, limit: Int) async throws -> [EventRecord] {
        var query: SQLQueryString =
            "SELECT id, job_id AS job, at, kind, body, worker FROM job_events WHERE job_id = \(bind: job) AND id > \(bind: after)"
        if let kinds { query += " AND kind IN (\(binds: kinds))" }
        query += " ORDER BY id LIMIT \(literal: max(1, min(limit, 100_000)))"
        let sql = query
        return try await withDatabase { db in try await db.raw(sql).all(decoding: EventRecord.self) }
    }

    public func putArtifact(job: Int64, worker: String?, name: String, content: String) async throws -> Bool {
        try await transaction { db in
            if let worker, try await !holdsLease(db, job: job, worker: worker) { return false }
            try await db.raw("DELETE FROM artifacts WHERE job_id = \(bind: job) AND name = \(bind: name)").run()
            try await db.raw(
                "INSERT INTO artifacts (job_id, name, content) VALUES (\(bind: job), \(bind: name), \(bind: content))"
            ).run()
            return true
        }
    }

    public func artifact(job: Int64, name: String) async throws -> String? {
        try await withDatabase { db in
            try await db.raw("SELECT content FROM artifacts WHERE job_id = \(bind: job) AND name = \(bind: name)")
                .first(decodingColumn: "content", as: String.self)
        }
    }

    public func artifacts(job: Int64) async throws -> [ArtifactInfo] {
        try await withDatabase { db in
            try await db.raw(
                "SELECT name, LENGTH(content) AS size FROM artifacts WHERE job_id = \(bind: job) ORDER BY name"
            ).all(decoding: ArtifactInfo.self)
        }
    }

    public func heartbeat(worker: WorkerInfo) async throws {
        try await transaction { db in
            if try await !refreshWorker(db, worker) { try await insertWorker(db, worker, token: nil) }
        }
    }

    public func registerWorker(_ worker: WorkerInfo, token: Int64) async throws -> WorkerOwner {
        try await transaction { db in
            let owner = try await workerOwner(db, worker.id, lock: true)
            switch owner {
            case .unregistered: try await insertWorker(db, worker, token: token)
            case .token(token): _ = try await refreshWorker(db, worker)
            case .database, .token: break
            }
            return owner
        }
    }

    public func workerOwner(_ id: String) async throws -> WorkerOwner {
        try await withDatabase { db in try await workerOwner(db, id, lock: false) }
    }

    private func workerOwner(_ db: any SQLDatabase, _ id: String, lock: Bool) async throws -> WorkerOwner {
        let forUpdate: SQLQueryString = lock && isPostgres ? " FOR UPDATE" : ""
        guard let row = try await db.raw("SELECT token_id FROM workers WHERE id = \(bind: id)\(forUpdate)").first() else {
            return .unregistered
        }
        return try row.decode(column: "token_id", as: Int64?.self).map(WorkerOwner.token) ?? .database
    }

    /// Updates a known worker's row and heartbeat; false when there is none.
    private func refreshWorker(_ db: any SQLDatabase, _ worker: WorkerInfo) async throws -> Bool {
        let capabilities = String(decoding: try JSONEncoder().encode(worker.backends), as: UTF8.self)
        return try await db.raw(
            """
            UPDATE workers SET host = \(bind: worker.host), capabilities = \(bind: capabilities), \
            slots = \(bind: worker.slots), heartbeat_at = \(now) WHERE id = \(bind: worker.id) RETURNING id
            """
        ).first() != nil
    }

    private func insertWorker(_ db: any SQLDatabase, _ worker: WorkerInfo, token: Int64?) async throws {
        let capabilities = String(decoding: try JSONEncoder().encode(worker.backends), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO workers (id, host, capabilities, slots, started_at, heartbeat_at, token_id)
            VALUES (\(bind: worker.id), \(bind: worker.host), \(bind: capabilities), \(bind: worker.slots), \(now), \(now), \(bind: token))
            """
        ).run()
    }

    public func workers() async throws -> [WorkerRecord] {
        try await withDatabase { db in
            try await db.raw(
                "SELECT id, host, capabilities, slots, started_at, heartbeat_at FROM workers ORDER BY heartbeat_at DESC"
            ).all().map { row in
                let backends = try JSONDecoder().decode(
                    [String].self, from: Data(try row.decode(column: "capabilities", as: String.self).utf8))
                return WorkerRecord(
                    info: WorkerInfo(
                        id: try row.decode(column: "id", as: String.self),
                        host: try row.decode(column: "host", as: String.self), backends: backends,
                        slots: try row.decode(column: "slots", as: Int.self)),
                    startedAt: try row.decode(column: "started_at", as: Double.self),
                    heartbeatAt: try row.decode(column: "heartbeat_at", as: Double.self))
            }
        }
    }

    public func createToken(name: String, scope: TokenScope) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
        let secret = "culprit_" + bytes.map { String(format: "%02x", $0) }.joined()
        let hash = Self.tokenHash(secret)
        try await withDatabase { db in
            try await db.raw(
                """
                INSERT INTO tokens (name, hash, created_at, scope)
                VALUES (\(bind: name), \(bind: hash), \(now), \(bind: scope.rawValue))
                """
            ).run()
        }
        return secret
    }

    public func token(secret: String) async throws -> TokenRecord? {
        let hash = Self.tokenHash(secret)
        return try await withDatabase { db in
            guard let row = try await db.raw("SELECT id, name, scope FROM tokens WHERE hash = \(bind: hash)").first()
            else {
                return nil
            }
            let scope = try row.decode(column: "scope", as: String.self)
            // A scope this version does not know grants nothing beyond the narrowest.
            return TokenRecord(
                id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                scope: TokenScope(rawValue: scope) ?? .submit)
        }
    }

    /// SHA-256 of a token secret, hex.
    static func tokenHash(_ secret: String) -> String {
        Digest.sha256Hex(secret)
    }
}

extension SQLJobStore {
    public func statistics() async throws -> StoreStatistics {
        let counts = try await countsByState()
        return try await withDatabase { db in
            func count(_ kind: String) async throws -> Int {
                try await db.raw("SELECT COUNT(*) AS n FROM job_events WHERE kind = \(bind: kind)")
                    .first(decodingColumn: "n", as: Int.self) ?? 0
            }
            let builds = try await count("build_finished")
            let runs = try await count("run_finished")
            let wait =
                try await db.raw(
                    "SELECT AVG(started_at - submitted_at) AS w FROM jobs WHERE started_at IS NOT NULL"
                ).first(decodingColumn: "w", as: Double?.self) ?? nil
            let oldest =
                try await db.raw(
                    "SELECT \(now) - MIN(submitted_at) AS w FROM jobs WHERE state = 'queued'"
                ).first(decodingColumn: "w", as: Double?.self) ?? nil
            let alive =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM workers WHERE heartbeat_at > \(now) - 60"
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            return StoreStatistics(
                jobsByState: counts, builds: builds, runs: runs, averageQueueWait: wait ?? 0,
                oldestQueued: oldest ?? 0, workersAlive: alive)
        }
    }
}
