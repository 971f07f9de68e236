import Foundation
import Model
import Synchronization
import Testing

@testable import Store

@Suite("Job store (SQLite always, PostgreSQL under scripts/with-postgres)")
struct JobStoreTests {
    @Test("PostgreSQL is configured for the store tests", .enabled(if: StoreKind.postgresURL != nil, postgresSkipReason))
    func postgresAvailable() async throws {
        let version = try await StoreKind.postgres.withStore { store in try await store.schemaVersion() }
        #expect(version == 3)
    }

    @Test("the schema is created once and opening again changes nothing", arguments: StoreKind.available)
    func migrations(kind: StoreKind) async throws {
        let location = try await kind.freshLocation()
        let first = try await SQLJobStore.open(location)
        let job = try await first.submit(sampleJob(1))
        #expect(try await first.schemaVersion() == 3)
        try await first.close()
        let second = try await SQLJobStore.open(location)
        #expect(try await second.schemaVersion() == 3)
        #expect(try await second.job(job.id)?.spec == job.spec)
        try await second.close()
    }

    /// A test that throws, or a task cancelled at its time limit, drops its store without
    /// `close()`: the store closes its SQLite connection itself (SQLiteNIO stops a debug process
    /// that frees an open connection, which took a whole CI test run down once).
    @Test("a SQLite store dropped without close closes its connection; the data is kept")
    func droppedStoreClosesItself() async throws {
        let location = try await StoreKind.sqlite.freshLocation()
        var id: Int64?
        do {
            let dropped = try await SQLJobStore.open(location)
            id = try await dropped.submit(sampleJob(1)).id
        }
        let reopened = try await SQLJobStore.open(location)
        #expect(try await reopened.job(try #require(id)) != nil)
        try await reopened.close()
    }

    @Test("submit, get, list with filters, counts", arguments: StoreKind.available)
    func submitAndList(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var ids: [Int64] = []
            for n in 0..<5 { ids.append(try await store.submit(sampleJob(n)).id) }
            let one = try #require(try await store.job(ids[2]))
            #expect(one.state == .queued)
            #expect(one.repository == "https://example.org/r2.git")
            #expect(one.submittedBy == "test")
            #expect(try await store.job(999_999) == nil)
            let all = try await store.jobs(JobFilter())
            #expect(all.map(\.id) == ids.reversed())
            #expect(try await store.jobs(JobFilter(limit: 2)).map(\.id) == [ids[4], ids[3]])
            #expect(try await store.jobs(JobFilter(limit: 2, before: ids[3])).map(\.id) == [ids[2], ids[1]])
            #expect(try await store.jobs(JobFilter(repository: "https://example.org/r1.git")).map(\.id) == [ids[1]])
            _ = try await store.cancel(job: ids[0])
            #expect(try await store.jobs(JobFilter(states: [.cancelled])).map(\.id) == [ids[0]])
            #expect(try await store.countsByState() == [.queued: 4, .cancelled: 1])
        }
    }

    @Test("claims go by priority then age, only to workers with the job's backend", arguments: StoreKind.available)
    func claimOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let low = try await store.submit(sampleJob(1))
            let kernel = try await store.submit(sampleJob(2, backend: "kernel", priority: 9))
            let high = try await store.submit(sampleJob(3, priority: 5))
            let lease = Duration.seconds(60)
            #expect(try await store.claim(worker: "w1", backends: ["command"], lease: lease)?.id == high.id)
            #expect(try await store.claim(worker: "w1", backends: ["command"], lease: lease)?.id == low.id)
            #expect(try await store.claim(worker: "w1", backends: ["command"], lease: lease) == nil)
            let k = try #require(try await store.claim(worker: "w2", backends: ["kernel", "command"], lease: lease))
            #expect(k.id == kernel.id)
            #expect(k.state == .running && k.leaseOwner == "w2" && k.attempts == 1)
        }
    }

    @Test("concurrent claimers never take the same job", arguments: StoreKind.available)
    func concurrentClaims(kind: StoreKind) async throws {
        try await kind.withStore { store in
            for n in 0..<40 { _ = try await store.submit(sampleJob(n)) }
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for w in 0..<8 {
                    group.addTask {
                        var mine: [Int64] = []
                        while let job = try await store.claim(worker: "w\(w)", backends: ["command"], lease: .seconds(60)) {
                            mine.append(job.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed).count == 40)
        }
    }

    @Test("an expired lease is taken over and fences the old worker out", arguments: StoreKind.available)
    func leaseTakeover(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try await store.submit(sampleJob(1))
            // A long lease first, so that "still leased" holds however slow the machine is
            // (a 300 ms lease ran out before the second claim under load).
            // (60 s ran out too, in a CI run whose cooperative pool was busy for minutes.)
            _ = try #require(try await store.claim(worker: "old", backends: ["command"], lease: .seconds(3600)))
            #expect(try await store.append(job: job.id, worker: "old", events: [NewEvent(kind: "log", body: "a")]) != nil)
            // Still leased: nobody else gets it.
            #expect(try await store.claim(worker: "new", backends: ["command"], lease: .seconds(3600)) == nil)
            // Then the lease runs out: renewed for a moment, and waited past.
            #expect(try await store.renew(job: job.id, worker: "old", lease: .milliseconds(100)))
            try await Task.sleep(for: .milliseconds(600))
            let taken = try #require(try await store.claim(worker: "new", backends: ["command"], lease: .seconds(60)))
            #expect(taken.id == job.id && taken.attempts == 2 && taken.leaseOwner == "new")
            // The old worker can no longer write, renew, release or finish.
            #expect(try await store.append(job: job.id, worker: "old", events: [NewEvent(kind: "log", body: "b")]) == nil)
            #expect(try await store.renew(job: job.id, worker: "old", lease: .seconds(60)) == false)
            #expect(try await store.release(job: job.id, worker: "old") == false)
            #expect(try await store.finish(job: job.id, worker: "old", finish: JobFinish(state: .finished)) == false)
            #expect(try await store.putArtifact(job: job.id, worker: "old", name: "x", content: "y") == false)
            // The new one can.
            #expect(try await store.renew(job: job.id, worker: "new", lease: .seconds(60)))
            #expect(
                try await store.finish(
                    job: job.id, worker: "new",
                    finish: JobFinish(state: .finished, title: "T", outcome: "culprit_found", culprit: "abc", confidence: 0.97, result: "{}")))
            let done = try #require(try await store.job(job.id))
            #expect(done.state == .finished && done.culprit == "abc" && done.confidence == 0.97 && done.leaseOwner == nil)
            let logs = try await store.events(job: job.id, after: 0, kinds: ["log"], limit: 100)
            #expect(logs.map(\.body) == ["a"])
        }
    }

    @Test("events come back in order, after a given id, filtered by kind", arguments: StoreKind.available)
    func eventOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try await store.submit(sampleJob(1))
            _ = try await store.claim(worker: "w", backends: ["command"], lease: .seconds(60))
            for batch in 0..<10 {
                let events = (0..<5).map { NewEvent(kind: "log", body: "line \(batch * 5 + $0)") }
                #expect(try await store.append(job: job.id, worker: "w", events: events)?.count == 5)
            }
            let logs = try await store.events(job: job.id, after: 0, kinds: ["log"], limit: 1000)
            #expect(logs.map(\.body) == (0..<50).map { "line \($0)" })
            #expect(logs.map(\.id) == logs.map(\.id).sorted())
            let rest = try await store.events(job: job.id, after: logs[39].id, kinds: nil, limit: 1000)
            #expect(rest.map(\.body) == (40..<50).map { "line \($0)" })
            let all = try await store.events(job: job.id, after: 0, kinds: nil, limit: 1000)
            #expect(all.first?.kind == "state" && all.count == 52)
        }
    }

    @Test("cancel and retry check the state; retry keeps the recorded events", arguments: StoreKind.available)
    func cancelRetry(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try await store.submit(sampleJob(1))
            await #expect(throws: CulpritError.self) { try await store.retry(job: job.id) }
            _ = try await store.claim(worker: "w", backends: ["command"], lease: .seconds(60))
            _ = try await store.append(job: job.id, worker: "w", events: [NewEvent(kind: "journal", body: "{}")])
            #expect(try await store.cancel(job: job.id).state == .cancelled)
            #expect(try await store.renew(job: job.id, worker: "w", lease: .seconds(60)) == false)
            do {
                _ = try await store.cancel(job: job.id)
                Issue.record("cancelling a cancelled job succeeded")
            } catch let error as CulpritError {
                #expect(error.code == .conflict)
            }
            do {
                _ = try await store.cancel(job: 424_242)
                Issue.record("cancelling a missing job succeeded")
            } catch let error as CulpritError {
                #expect(error.code == .notFound)
            }
            #expect(try await store.retry(job: job.id).state == .queued)
            #expect(try await store.events(job: job.id, after: 0, kinds: ["journal"], limit: 10).count == 1)
            let again = try #require(try await store.claim(worker: "w2", backends: ["command"], lease: .seconds(60)))
            #expect(again.id == job.id && again.attempts == 2)
            #expect(try await store.release(job: job.id, worker: "w2"))
            #expect(try await store.job(job.id)?.state == .queued)
        }
    }

    @Test("tokens are stored as SHA-256 hashes and found by their secret", arguments: StoreKind.available)
    func tokens(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let secret = try await store.createToken(name: "ci")
            #expect(secret.hasPrefix("culprit_") && secret.count == 72)
            #expect(try await store.tokenName(secret: secret) == "ci")
            #expect(try await store.tokenName(secret: secret + "x") == nil)
            let stored = try await store.withDatabase { db in
                try await db.raw("SELECT hash FROM tokens").all(decodingColumn: "hash", as: String.self)
            }
            #expect(stored == [SQLJobStore.tokenHash(secret)])
            #expect(!stored.contains(secret))
            let ci = try #require(try await store.token(secret: secret))
            #expect(ci.name == "ci" && ci.scope == .all)
            let worker = try await store.createToken(name: "rack", scope: .worker)
            let rack = try #require(try await store.token(secret: worker))
            #expect(rack.name == "rack" && rack.scope == .worker && rack.id != ci.id)
        }
    }

    @Test(
        "a store of schema 1 gets token scopes, worker owners and batch keys; its tokens keep doing everything",
        arguments: StoreKind.available)
    func tokenScopeMigration(kind: StoreKind) async throws {
        let location = try await kind.freshLocation()
        let store = try await SQLJobStore.open(location)
        let secret = try await store.createToken(name: "old")
        try await store.heartbeat(worker: WorkerInfo(id: "w-old", host: "h", backends: ["command"], slots: 1))
        // Back to schema 1: the tokens and workers tables as they were, no event_batches, the
        // migrations not recorded.
        try await store.withDatabase { db in
            try await db.raw("ALTER TABLE tokens DROP COLUMN scope").run()
            try await db.raw("ALTER TABLE workers DROP COLUMN token_id").run()
            try await db.raw("DROP TABLE event_batches").run()
            try await db.raw("DELETE FROM schema_migrations WHERE version >= 2").run()
        }
        #expect(try await store.schemaVersion() == 1)
        try await store.close()
        let reopened = try await SQLJobStore.open(location)
        #expect(try await reopened.schemaVersion() == 3)
        let token = try #require(try await reopened.token(secret: secret))
        #expect(token.name == "old" && token.scope == .all)
        // The worker of before is one of the database's; batches can be kept.
        #expect(try await reopened.workerOwner("w-old") == .database)
        let job = try await reopened.submit(sampleJob(1))
        #expect(try await reopened.append(job: job.id, worker: nil, events: [], batch: "b")?.isEmpty == true)
        try await reopened.close()
    }

    @Test("a batch appended again under its key is stored once and answered with the same ids", arguments: StoreKind.available)
    func idempotentAppend(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try await store.submit(sampleJob(1))
            let other = try await store.submit(sampleJob(2))
            _ = try #require(try await store.claim(worker: "w", backends: ["command"], lease: .seconds(60)))
            _ = try #require(try await store.claim(worker: "w", backends: ["command"], lease: .seconds(60)))
            let batch = [NewEvent(kind: "log", body: "one"), NewEvent(kind: "run", body: "{\"index\":1}")]
            let first = try #require(try await store.append(job: job.id, worker: "w", events: batch, batch: "k1"))
            #expect(first.count == 2)
            // Sent again (its answer lost): the same ids, nothing stored twice.
            #expect(try await store.append(job: job.id, worker: "w", events: batch, batch: "k1") == first)
            // A new key is a new batch; the same key on another job is that job's own.
            let next = try #require(
                try await store.append(job: job.id, worker: "w", events: [NewEvent(kind: "log", body: "two")], batch: "k2"))
            #expect(next.count == 1 && next[0] > first[1])
            #expect(try await store.append(job: other.id, worker: "w", events: batch, batch: "k1")?.count == 2)
            let bodies = try await store.events(job: job.id, after: 0, kinds: ["log", "run"], limit: 10).map(\.body)
            #expect(bodies == ["one", "{\"index\":1}", "two"])
            // The lease lost: a batch stored before still answers its ids (it is stored), a new one nil.
            #expect(try await store.release(job: job.id, worker: "w"))
            #expect(try await store.append(job: job.id, worker: "w", events: batch, batch: "k1") == first)
            #expect(try await store.append(job: job.id, worker: "w", events: batch, batch: "k3") == nil)
            #expect(try await store.events(job: job.id, after: 0, kinds: ["log", "run"], limit: 10).count == 3)
        }
    }

    @Test("a worker registered with a token belongs to it; one registered on the database to none", arguments: StoreKind.available)
    func workerOwners(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = try #require(try await store.token(secret: try await store.createToken(name: "a", scope: .worker)))
            let b = try #require(try await store.token(secret: try await store.createToken(name: "b", scope: .worker)))
            let info = WorkerInfo(id: "w-a", host: "h1", backends: ["command"], slots: 1)
            #expect(try await store.workerOwner("w-a") == .unregistered)
            #expect(try await store.registerWorker(info, token: a.id) == .unregistered)
            #expect(try await store.workerOwner("w-a") == .token(a.id))
            // Its token again: refreshed. Another token: refused, the row unchanged.
            var moved = info
            moved.slots = 4
            #expect(try await store.registerWorker(moved, token: a.id) == .token(a.id))
            moved.host = "elsewhere"
            #expect(try await store.registerWorker(moved, token: b.id) == .token(a.id))
            #expect(try await store.workers().map(\.info) == [WorkerInfo(id: "w-a", host: "h1", backends: ["command"], slots: 4)])
            #expect(try await store.workerOwner("w-a") == .token(a.id))
            // A worker on the database is no token's.
            try await store.heartbeat(worker: WorkerInfo(id: "w-db", host: "h2", backends: ["command"], slots: 1))
            #expect(try await store.workerOwner("w-db") == .database)
            #expect(try await store.registerWorker(WorkerInfo(id: "w-db", host: "x", backends: ["kernel"], slots: 1), token: a.id) == .database)
            #expect(try await store.workers().first { $0.info.id == "w-db" }?.info.host == "h2")
        }
    }

    @Test("artifacts and workers", arguments: StoreKind.available)
    func artifactsAndWorkers(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try await store.submit(sampleJob(1))
            #expect(try await store.putArtifact(job: job.id, worker: nil, name: "report.txt", content: "BUG: x"))
            #expect(try await store.putArtifact(job: job.id, worker: nil, name: "report.txt", content: "BUG: yy"))
            #expect(try await store.artifact(job: job.id, name: "report.txt") == "BUG: yy")
            #expect(try await store.artifacts(job: job.id) == [ArtifactInfo(name: "report.txt", size: 7)])
            try await store.heartbeat(worker: WorkerInfo(id: "w1", host: "h", backends: ["command"], slots: 2))
            try await store.heartbeat(worker: WorkerInfo(id: "w1", host: "h", backends: ["command", "kernel"], slots: 3))
            let workers = try await store.workers()
            #expect(workers.count == 1)
            #expect(workers.first?.info.backends == ["command", "kernel"] && workers.first?.info.slots == 3)
        }
    }

    @Test("a transaction cancelled halfway is rolled back and leaves the store usable", arguments: StoreKind.available)
    func cancelledTransaction(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try await store.submit(sampleJob(1))
            // Cancelled after BEGIN: the drivers refuse the statements asked for by a cancelled
            // task. Before, the ROLLBACK was refused too and the connection stayed inside the
            // transaction: the next write failed with "cannot start a transaction within a
            // transaction" (SQLite) and the write lock stayed held.
            let cancelled = Task {
                try await store.transaction { db in
                    withUnsafeCurrentTask { $0?.cancel() }
                    try await db.raw("INSERT INTO job_events (job_id, at, kind, body) VALUES (\(bind: job.id), 0, 'log', 'lost')").run()
                    try await db.raw("INSERT INTO job_events (job_id, at, kind, body) VALUES (\(bind: job.id), 0, 'log', 'lost')").run()
                }
            }
            _ = try? await cancelled.value
            let ids = try await store.append(job: job.id, worker: nil, events: [NewEvent(kind: "log", body: "kept")])
            #expect(ids?.count == 1)
            let bodies = try await store.events(job: job.id, after: 0, kinds: ["log"], limit: 10).map(\.body)
            #expect(bodies == ["kept"] || bodies == ["lost", "lost", "kept"], "all or nothing of the cancelled one: \(bodies)")
        }
    }
}
