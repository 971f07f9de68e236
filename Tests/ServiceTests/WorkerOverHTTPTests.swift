import Foundation
import Model
import Store
import Testing
import Worker

@testable import Server

#if canImport(Glibc)
    import Glibc
#endif

/// Workers that reach the store through `culprit serve` (`culprit worker --server URL`): the
/// worker API on a real server on loopback, its token checks and errors, and jobs run through it.
@Suite("Workers over HTTP: registration with a token, claims, events and results through the server")
struct WorkerOverHTTPTests {
    static var kinds: [Bool] { ServiceFixture.postgresURL == nil ? [false] : [false, true] }

    static func errorMessage(_ text: String) -> String {
        (ServiceFixture.json(text)["error"] as? [String: Any])?["message"] as? String ?? ""
    }

    @Test(
        "the worker API needs a token (401), answers bad requests with JSON errors, and fences writes by the lease (409)",
        arguments: kinds)
    func accessAndErrors(postgres: Bool) async throws {
        let store = try await SQLJobStore.open(try await ServiceFixture.freshLocation(postgres: postgres))
        let token = try await store.createToken(name: "rack-7")
        let job = try await store.submit(
            NewJob(
                spec: ServiceFixture.spec(repository: "/srv/kv.git", good: "HEAD~1"), backend: "command",
                repository: "/srv/kv.git", bad: "master"))
        let info = #"{"id":"w-http","host":"rack-7","backends":["command"],"slots":2}"#
        try await ServiceFixture.withServer(store: store) { url in
            // 401 without a token and with an unknown one; nothing registered.
            var r = try await ServiceFixture.http("POST", url + "/api/workers", body: info)
            #expect(r.status == 401 && Self.errorMessage(r.text).contains("culprit token create"), "\(r)")
            r = try await ServiceFixture.http("POST", url + "/api/workers", body: info, token: "culprit_wrong")
            #expect(r.status == 401 && Self.errorMessage(r.text).contains("not known"), "\(r)")
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-http/claim", body: #"{"backends":["command"],"lease_seconds":30}"#)
            #expect(r.status == 401)
            #expect(try await store.workers().isEmpty)
            #expect(try await store.job(job.id)?.state == .queued)
            // 400: not JSON, a key missing; 422: values out of range (more once registered, below).
            r = try await ServiceFixture.http("POST", url + "/api/workers", body: "id: w", token: token)
            #expect(r.status == 400 && Self.errorMessage(r.text).contains("not a worker"), "\(r)")
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers", body: #"{"id":"w","host":"h","slots":1}"#, token: token)
            #expect(r.status == 400 && Self.errorMessage(r.text).contains("'backends' is missing"), "\(r)")
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers", body: #"{"id":"w","host":"h","backends":["fpga"],"slots":1}"#,
                token: token)
            #expect(r.status == 422 && Self.errorMessage(r.text).contains("backends"), "\(r)")
            // 403: a token whose scope does not allow the call, either way.
            let submitOnly = try await store.createToken(name: "ci", scope: .submit)
            r = try await ServiceFixture.http("POST", url + "/api/workers", body: info, token: submitOnly)
            #expect(r.status == 403 && Self.errorMessage(r.text).contains("may not run a worker"), "\(r)")
            let workerOnly = try await store.createToken(name: "rack-8", scope: .worker)
            r = try await ServiceFixture.http(
                "POST", url + "/api/jobs", body: ServiceFixture.spec(repository: "/srv/kv.git", good: "HEAD~1"),
                token: workerOnly)
            #expect(r.status == 403 && Self.errorMessage(r.text).contains("--scope submit"), "\(r)")
            r = try await ServiceFixture.http("POST", url + "/api/jobs/\(job.id)/cancel", token: workerOnly)
            #expect(r.status == 403, "\(r)")
            #expect(try await store.workers().isEmpty)
            // Registration: 201 the first time, 200 after; the store has it, as the token's.
            r = try await ServiceFixture.http("POST", url + "/api/workers", body: info, token: token)
            #expect(r.status == 201, "\(r)")
            r = try await ServiceFixture.http("POST", url + "/api/workers", body: info, token: token)
            #expect(r.status == 200, "\(r)")
            let workers = try await store.workers()
            #expect(workers.map(\.info) == [WorkerInfo(id: "w-http", host: "rack-7", backends: ["command"], slots: 2)])
            let rack7 = try #require(try await store.token(secret: token))
            #expect(try await store.workerOwner("w-http") == .token(rack7.id))
            // As the registered worker: 422 for a lease out of range, 413 for a body over the limit.
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-http/claim", body: #"{"backends":["command"],"lease_seconds":0.5}"#,
                token: token)
            #expect(r.status == 422 && Self.errorMessage(r.text).contains("lease_seconds"), "\(r)")
            let huge = #"{"events":[{"kind":"log","body":""# + String(repeating: "x", count: 17 << 20) + #""}]}"#
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-http/jobs/\(job.id)/events", body: huge, token: token)
            #expect(r.status == 413, "\(r.status)")
            // 403: another token acts as a worker it did not register, or as one not registered;
            // the job is not claimed and the worker's row is unchanged.
            let rack8 = #"{"id":"w-http","host":"rack-8","backends":["command","kernel"],"slots":9}"#
            r = try await ServiceFixture.http("POST", url + "/api/workers", body: rack8, token: workerOnly)
            #expect(r.status == 403 && Self.errorMessage(r.text).contains("registered with another token"), "\(r)")
            for path in ["claim", "jobs/\(job.id)/renew", "jobs/\(job.id)/release", "jobs/\(job.id)/events"] {
                r = try await ServiceFixture.http(
                    "POST", url + "/api/workers/w-http/" + path,
                    body: #"{"backends":["command"],"lease_seconds":30,"events":[]}"#, token: workerOnly)
                #expect(r.status == 403 && Self.errorMessage(r.text).contains("a token acts only as"), "\(path): \(r)")
            }
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-ghost/claim", body: #"{"backends":["command"],"lease_seconds":30}"#,
                token: token)
            #expect(r.status == 403 && Self.errorMessage(r.text).contains("w-ghost is not registered"), "\(r)")
            #expect(try await store.job(job.id)?.state == .queued)
            #expect(try await store.workers().map(\.info) == workers.map(\.info))
            // A worker of the database itself is no token's.
            try await store.heartbeat(worker: WorkerInfo(id: "w-db", host: "db", backends: ["command"], slots: 1))
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-db/claim", body: #"{"backends":["command"],"lease_seconds":30}"#,
                token: token)
            #expect(r.status == 403 && Self.errorMessage(r.text).contains("works on the database"), "\(r)")
            // The worker-scoped token registers a worker of its own.
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers", body: #"{"id":"w-rack8","host":"rack-8","backends":["command"],"slots":1}"#,
                token: workerOnly)
            #expect(r.status == 201, "\(r)")
            // A claim through the client: the job, under the lease; the next claim finds none.
            let client = try ServerWorkerStore(server: url, token: token)
            let claimed = try #require(
                try await client.claim(worker: "w-http", backends: ["command"], lease: .seconds(30)))
            #expect(claimed.id == job.id && claimed.leaseOwner == "w-http" && claimed.attempts == 1)
            #expect(try await client.claim(worker: "w-http", backends: ["command"], lease: .seconds(30)) == nil)
            #expect(try await client.renew(job: job.id, worker: "w-http", lease: .seconds(30)))
            let hello = [NewEvent(kind: "log", body: "hello over HTTP"), NewEvent(kind: "log", body: "and again")]
            let ids = try #require(try await client.append(job: job.id, worker: "w-http", events: hello, batch: "b-1"))
            #expect(ids.count == 2)
            // The same batch sent again, as a worker does when the answer did not reach it: the
            // same ids, stored once. Without a key, it would be stored twice.
            #expect(try await client.append(job: job.id, worker: "w-http", events: hello, batch: "b-1") == ids)
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-http/jobs/\(job.id)/events", body: #"{"events":[],"batch":""}"#, token: token)
            #expect(r.status == 422 && Self.errorMessage(r.text).contains("batch"), "\(r)")
            let read = try await client.events(job: job.id, after: 0, kinds: ["log"], limit: 10)
            #expect(read.map(\.body) == ["hello over HTTP", "and again"] && read.first?.worker == "w-http")
            // Another worker of the same token does not hold the job: 409, seen by the client as a lost lease.
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers", body: #"{"id":"w-other","host":"rack-7","backends":["command"],"slots":1}"#,
                token: token)
            #expect(r.status == 201, "\(r)")
            #expect(try await client.renew(job: job.id, worker: "w-other", lease: .seconds(30)) == false)
            #expect(
                try await client.append(job: job.id, worker: "w-other", events: [NewEvent(kind: "log", body: "x")])
                    == nil)
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-other/jobs/\(job.id)/finish", body: #"{"state":"finished"}"#, token: token
            )
            #expect(r.status == 409 && Self.errorMessage(r.text).contains("does not hold job"), "\(r)")
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-http/jobs/\(job.id)/finish", body: #"{"state":"running"}"#, token: token)
            #expect(r.status == 422, "\(r)")
            r = try await ServiceFixture.http(
                "POST", url + "/api/workers/w-http/jobs/\(job.id)/events",
                body: #"{"events":[{"kind":"state","body":"{}"}]}"#,
                token: token)
            #expect(r.status == 422, "\(r)")
            // Release: back in the queue; the old holder's writes are refused from then on.
            #expect(try await client.release(job: job.id, worker: "w-http"))
            #expect(try await store.job(job.id)?.state == .queued)
            #expect(
                try await client.putArtifact(job: job.id, worker: "w-http", name: "late.txt", content: "x") == false)
            // The client says what is wrong with a bad token, without showing it.
            let wrong = try ServerWorkerStore(server: url, token: "culprit_secret_wrong")
            let error = await #expect(throws: CulpritError.self) {
                try await wrong.heartbeat(worker: WorkerInfo(id: "w2", host: "h", backends: ["command"], slots: 1))
            }
            #expect(error?.code == .badInput && error?.message.contains("refused the worker's token") == true)
            #expect(error?.message.contains("culprit_secret_wrong") == false)
        }
        try await store.close()
    }

    @Test("a worker with only the server's URL and a token runs a job to the planted culprit", arguments: kinds)
    func jobThroughTheServer(postgres: Bool) async throws {
        let root = try ServiceFixture.temporaryDirectory("http-worker")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repo = try await ServiceFixture.plantedRepository(at: root + "/repo", culprit: 11)
        let store = try await SQLJobStore.open(try await ServiceFixture.freshLocation(postgres: postgres))
        let token = try await store.createToken(name: "remote")
        try await ServiceFixture.withServer(store: store) { url in
            let submitted = try await ServiceFixture.http(
                "POST", url + "/api/jobs",
                body: ServiceFixture.spec(repository: "file://" + repo.path, good: repo.hashes[0]),
                token: token)
            let id = try #require(ServiceFixture.json(submitted.text)["id"] as? Int)
            let worker = WorkerService(
                store: try ServerWorkerStore(server: url, token: token),
                settings: WorkerSettings(
                    id: "w-remote", backends: ["command"], slots: 1, cacheDirectory: root + "/cache",
                    pollInterval: .milliseconds(200)))
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await ServiceFixture.wait("the job to end", timeout: .seconds(600)) {
                try await store.job(Int64(id))?.state.isFinal == true
            }
            worker.requestStop()
            try await running.value
            let job = try #require(try await store.job(Int64(id)))
            #expect(job.state == .finished && job.culprit == repo.hashes[10], "\(job.state) \(job.error ?? "")")
            // Every event of the run came from the worker, through the server.
            let events = try await store.events(job: Int64(id), after: 0, kinds: nil, limit: 100_000)
            #expect(events.contains { $0.kind == "run_finished" && $0.worker == "w-remote" })
            #expect(events.filter { $0.kind != "state" }.allSatisfy { $0.worker == "w-remote" })
            #expect(try await store.artifact(job: Int64(id), name: "crash-report.txt") != nil)
            #expect(try await store.workers().contains { $0.info.id == "w-remote" })
        }
        try await store.close()
    }

    @Test(
        "answers to appends lost after the server stored the events: each batch is sent again and stored once",
        .timeLimit(.minutes(10)), arguments: kinds)
    func lostAnswers(postgres: Bool) async throws {
        let root = try ServiceFixture.temporaryDirectory("http-lossy")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repo = try await ServiceFixture.plantedRepository(at: root + "/repo", culprit: 11)
        let store = try await SQLJobStore.open(try await ServiceFixture.freshLocation(postgres: postgres))
        let token = try await store.createToken(name: "lossy", scope: .worker)
        let job = try await store.submit(
            NewJob(
                spec: ServiceFixture.spec(repository: "file://" + repo.path, good: repo.hashes[0]), backend: "command",
                repository: "file://" + repo.path, bad: "master"))
        let lost = try await ServiceFixture.withServer(store: store) { url in
            // The 1st, 3rd and 5th append of the job reach the server, which stores them, and
            // their answers are lost on the way back.
            let proxy = try LossyProxy(upstream: url) { line, seen in
                line.hasPrefix("POST ") && line.contains("/events ") && seen % 2 == 0 && seen < 6
            }
            defer { proxy.stop() }
            let worker = WorkerService(
                store: try ServerWorkerStore(server: proxy.url, token: token),
                settings: WorkerSettings(
                    id: "w-lossy", backends: ["command"], slots: 1, cacheDirectory: root + "/cache",
                    pollInterval: .milliseconds(200)))
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await ServiceFixture.wait("the job to end", timeout: .seconds(600)) {
                try await store.job(job.id)?.state.isFinal == true
            }
            worker.requestStop()
            try await running.value
            let dropped = proxy.dropped
            #expect(dropped.count == 3, "answers lost: \(dropped.map(\.line))")
            return try dropped.map { try JSONDecoder().decode(ServerWorkerStore.AppendRequest.self, from: $0.body) }
        }
        let ended = try #require(try await store.job(job.id))
        #expect(ended.state == .finished && ended.culprit == repo.hashes[10], "\(ended.state) \(ended.error ?? "")")
        // Nothing stored twice: each lost batch is stored, and not again right after itself (as
        // its second sending would be without the key), one start, one result, no run twice.
        let events = try await store.events(job: job.id, after: 0, kinds: nil, limit: 100_000)
        let stored = events.map { NewEvent(kind: $0.kind, body: $0.body) }
        func matches(_ batch: [NewEvent], at i: Int) -> Bool {
            i >= 0 && i + batch.count <= stored.count && Array(stored[i..<(i + batch.count)]) == batch
        }
        for batch in lost {
            #expect(batch.batch != nil && !batch.events.isEmpty)
            let places = stored.indices.filter { matches(batch.events, at: $0) }
            #expect(!places.isEmpty, "a batch whose answer was lost is not stored: \(batch.events.prefix(2))")
            #expect(
                !places.contains { matches(batch.events, at: $0 + batch.events.count) },
                "a batch whose answer was lost is stored twice: \(batch.events.prefix(2))")
        }
        #expect(events.filter { $0.kind == "job_started" }.count == 1)
        #expect(events.filter { $0.kind == "result" }.count == 1)
        _ = try await WorkerStopTests.recordedRuns(store, job.id)
        try await store.close()
    }

    @Test(
        "`culprit worker --server` with a bad token exits with the server's reason and never prints the token",
        .timeLimit(.minutes(10)))
    func badTokenProcess() async throws {
        let root = try ServiceFixture.temporaryDirectory("http-token")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try await SQLJobStore.open(.sqlite(directory: root + "/data"))
        try await ServiceFixture.withServer(store: store) { url in
            let secret = "culprit_not_a_token_\(UInt32.random(in: 0...UInt32.max))"
            try secret.write(toFile: root + "/token", atomically: true, encoding: .utf8)
            let worker = try WorkerStopTests.start(
                "worker", ["worker", "--server", url, "--token-file", root + "/token", "--cache", root + "/cache"],
                root: root)
            defer { if worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }
            try await ServiceFixture.wait("the worker to give up", timeout: .seconds(120)) { !worker.isRunning }
            let output = WorkerStopTests.output("worker", root: root)
            #expect(worker.terminationStatus != 0)
            #expect(output.contains("refused the worker's token"), "\(output)")
            #expect(!output.contains(secret), "the token was printed: \(output)")
        }
        try await store.close()
    }

    @Test(
        "serve and two `worker --server` processes, one killed -9 mid-job: taken over, right answers, no run redone",
        .timeLimit(.minutes(10)))
    func killedWorkerOverHTTP() async throws {
        let root = try ServiceFixture.temporaryDirectory("http-kill")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try await SQLJobStore.open(.sqlite(directory: root + "/data"))
        let token = try await store.createToken(name: "workers", scope: .worker)
        try token.write(toFile: root + "/token", atomically: true, encoding: .utf8)
        var planted: [Int64: String] = [:]
        for n in 0..<2 {
            let culprit = 8 + 5 * n
            let repo = try await ServiceFixture.plantedRepository(at: root + "/repo\(n)", commits: 24, culprit: culprit)
            let spec = ServiceFixture.spec(repository: repo.path, good: repo.hashes[0], runSeconds: 0.4, runs: 3)
            let job = try await store.submit(
                NewJob(spec: spec, backend: "command", repository: repo.path, bad: "master"))
            planted[job.id] = repo.hashes[culprit - 1]
        }
        let serve = try WorkerStopTests.start(
            "serve", ["serve", "--data", root + "/data", "--port", "0", "--workers", "0"], root: root)
        defer { if serve.isRunning { kill(serve.processIdentifier, SIGKILL) } }
        let url = try await ServiceFixture.poll("serve to listen", timeout: .seconds(120)) { () -> String? in
            let out = WorkerStopTests.output("serve", root: root)
            guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("culprit serve: listening on ") })
            else { return nil }
            return line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)
        }
        func worker(_ id: String) throws -> Process {
            try WorkerStopTests.start(
                id,
                [
                    "worker", "--server", url, "--token-file", root + "/token", "--cache", root + "/cache-\(id)",
                    "--id", id,
                    "--backends", "command", "--lease", "4",
                ], root: root)
        }
        let first = try worker("h1")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let victim = try await ServiceFixture.poll("h1 to record runs of a job", timeout: .seconds(300)) {
            () -> Int64? in
            for job in try await store.jobs(JobFilter(states: [.running])) where job.leaseOwner == "h1" {
                if try await !store.events(job: job.id, after: 0, kinds: ["run_finished"], limit: 1).isEmpty {
                    return job.id
                }
            }
            return nil
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let second = try worker("h2")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        try await ServiceFixture.wait("every job to end", timeout: .seconds(600)) {
            try await store.jobs(JobFilter()).allSatisfy(\.state.isFinal)
        }
        kill(second.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("h2 to exit", timeout: .seconds(120)) { !second.isRunning }
        #expect(second.terminationStatus == 0, "h2: \(WorkerStopTests.output("h2", root: root))")
        for (id, culprit) in planted {
            let job = try #require(try await store.job(id))
            #expect(job.state == .finished && job.culprit == culprit, "job \(id): \(job.state) \(job.error ?? "")")
            _ = try await WorkerStopTests.recordedRuns(store, id)
        }
        #expect(try #require(try await store.job(victim)).attempts >= 2, "the killed worker's job was not taken over")
        let workers = try await store.workers().map(\.info.id)
        #expect(workers.contains("h1") && workers.contains("h2"), "registered: \(workers)")
        #expect(!WorkerStopTests.output("h2", root: root).contains(token), "the token is in h2's output")
        kill(serve.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("serve to exit", timeout: .seconds(120)) { !serve.isRunning }
        try await store.close()
    }
}
