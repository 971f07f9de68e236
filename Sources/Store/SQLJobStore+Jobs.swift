import Foundation
import SQLKit
import Model

extension SQLJobStore {
    static let jobColumns: SQLQueryString = """
        id, state, priority, spec, backend, repository, bad, submitted_by, attempts, lease_owner, lease_expires, \
        submitted_at, started_at, finished_at, title, outcome, culprit, confidence, result, error
        """

    public func submit(_ job: NewJob) async throws -> JobRecord {
        try await transaction { db in
            guard
                let record = try await db.raw(
                    """
                    INSERT INTO jobs (state, priority, spec, backend, repository, bad, submitted_by, submitted_at)
                    VALUES ('queued', \(bind: job.priority), \(bind: job.spec), \(bind: job.backend), \
                    \(bind: job.repository), \(bind: job.bad), \(bind: job.submittedBy), \(now))
                    RETURNING \(Self.jobColumns)
                    """
                ).first(decoding: JobRecord.self)
            else { throw CulpritError.infrastructure("the database returned no row for the new job") }
            try await insertEvent(db, job: record.id, worker: nil, NewEvent(kind: "state", body: #"{"state":"queued"}"#))
            return record
        }
    }

    public func job(_ id: Int64) async throws -> JobRecord? {
        try await withDatabase { db in
            try await db.raw("SELECT \(Self.jobColumns) FROM jobs WHERE id = \(bind: id)").first(decoding: JobRecord.self)
        }
    }

    public func jobs(_ filter: JobFilter) async throws -> [JobRecord] {
        var query: SQLQueryString = "SELECT \(Self.jobColumns) FROM jobs WHERE 1 = 1"
        if !filter.states.isEmpty { query += " AND state IN (\(binds: filter.states.map(\.rawValue)))" }
        if let repository = filter.repository { query += " AND repository = \(bind: repository)" }
        if let before = filter.before { query += " AND id < \(bind: before)" }
        query += " ORDER BY id DESC LIMIT \(literal: max(0, min(filter.limit, 10_000)))"
        let sql = query
        return try await withDatabase { db in try await db.raw(sql).all(decoding: JobRecord.self) }
    }

    public func countsByState() async throws -> [JobState: Int] {
        try await withDatabase { db in
            var counts: [JobState: Int] = [:]
            for row in try await db.raw("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all() {
                if let state = JobState(rawValue: try row.decode(column: "state", as: String.self)) {
                    counts[state] = try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        }
    }

    public func claim(worker: String, backends: [String], lease: Duration) async throws -> JobRecord? {
        guard !backends.isEmpty else { return nil }
        let seconds = lease.seconds
        let lock: SQLQueryString = isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await transaction { db in
            guard
                let record = try await db.raw(
                    """
                    UPDATE jobs SET state = 'running', lease_owner = \(bind: worker), lease_expires = \(now) + \(bind: seconds), \
                    attempts = attempts + 1, started_at = COALESCE(started_at, \(now))
                    WHERE id = (SELECT id FROM jobs
                        WHERE (state = 'queued' OR (state = 'running' AND lease_expires < \(now)))
                        AND backend IN (\(binds: backends))
                        ORDER BY priority DESC, id LIMIT 1\(lock))
                    RETURNING \(Self.jobColumns)
                    """
                ).first(decoding: JobRecord.self)
            else { return nil }
            try await insertEvent(
                db, job: record.id, worker: worker,
                NewEvent(kind: "state", body: #"{"state":"running","worker":\#(jsonString(worker)),"attempt":\#(record.attempts)}"#))
            return record
        }
    }

    public func renew(job: Int64, worker: String, lease: Duration) async throws -> Bool {
        try await withDatabase { db in
            try await db.raw(
                """
                UPDATE jobs SET lease_expires = \(now) + \(bind: lease.seconds)
                WHERE id = \(bind: job) AND state = 'running' AND lease_owner = \(bind: worker)
                RETURNING id
                """
            ).first() != nil
        }
    }

    public func release(job: Int64, worker: String) async throws -> Bool {
        try await transaction { db in
            guard
                try await db.raw(
                    """
                    UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires = NULL
                    WHERE id = \(bind: job) AND state = 'running' AND lease_owner = \(bind: worker)
                    RETURNING id
                    """
                ).first() != nil
            else { return false }
            try await insertEvent(
                db, job: job, worker: worker,
                NewEvent(kind: "state", body: #"{"state":"queued","released_by":\#(jsonString(worker))}"#))
            return true
        }
    }

    public func finish(job: Int64, worker: String, finish: JobFinish) async throws -> Bool {
        guard finish.state.isFinal else { throw CulpritError.badInput("a job cannot finish as \(finish.state.rawValue)") }
        return try await transaction { db in
            guard
                try await db.raw(
                    """
                    UPDATE jobs SET state = \(bind: finish.state.rawValue), lease_owner = NULL, lease_expires = NULL, \
                    finished_at = \(now), title = COALESCE(\(bind: finish.title), title), outcome = \(bind: finish.outcome), \
                    culprit = \(bind: finish.culprit), confidence = \(bind: finish.confidence), result = \(bind: finish.result), \
                    error = \(bind: finish.error)
                    WHERE id = \(bind: job) AND state = 'running' AND lease_owner = \(bind: worker)
                    RETURNING id
                    """
                ).first() != nil
            else { return false }
            try await insertEvent(
                db, job: job, worker: worker,
                NewEvent(kind: "state", body: #"{"state":"\#(finish.state.rawValue)"}"#))
            return true
        }
    }

    public func cancel(job: Int64) async throws -> JobRecord {
        try await changeState(job, to: .cancelled, from: [.queued, .running]) {
            "job \(job) has already ended (\($0.rawValue)): nothing to cancel"
        }
    }

    public func retry(job: Int64) async throws -> JobRecord {
        try await changeState(job, to: .queued, from: [.finished, .failed, .cancelled]) {
            "job \(job) is \($0.rawValue): only a finished, failed or cancelled job can be retried"
        }
    }

    /// Moves a job between states; a ``CulpritError`` `.notFound` or `.conflict` when it cannot.
    private func changeState(
        _ job: Int64, to state: JobState, from allowed: [JobState], conflict: @Sendable (JobState) -> String
    ) async throws -> JobRecord {
        let final = state.isFinal
        return try await transaction { db in
            guard
                let current = try await db.raw("SELECT state FROM jobs WHERE id = \(bind: job)").first(
                    decodingColumn: "state", as: String.self)
            else { throw CulpritError(.notFound, "no job \(job)") }
            guard let from = JobState(rawValue: current), allowed.contains(from) else {
                throw CulpritError(.conflict, conflict(JobState(rawValue: current) ?? .failed))
            }
            let finished: SQLQueryString = final ? "\(now)" : "NULL"
            let cleared: SQLQueryString = final ? "" : ", outcome = NULL, culprit = NULL, confidence = NULL, result = NULL, error = NULL"
            guard
                let record = try await db.raw(
                    """
                    UPDATE jobs SET state = \(bind: state.rawValue), lease_owner = NULL, lease_expires = NULL, \
                    finished_at = \(finished)\(cleared)
                    WHERE id = \(bind: job) RETURNING \(Self.jobColumns)
                    """
                ).first(decoding: JobRecord.self)
            else { throw CulpritError(.notFound, "no job \(job)") }
            try await insertEvent(db, job: job, worker: nil, NewEvent(kind: "state", body: #"{"state":"\#(state.rawValue)"}"#))
            return record
        }
    }
}

/// A JSON string literal.
func jsonString(_ s: String) -> String {
    let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
