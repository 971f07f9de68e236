import Foundation
import Store
import Model
import Support
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Three `culprit worker` processes against one PostgreSQL, one of them killed with SIGKILL mid-job.
@Suite("Several worker processes on one PostgreSQL", .serialized)
struct MultiWorkerTests {
    static func culprit() throws -> String { try TestSupport.culpritExecutable() }

    static func startWorker(_ id: String, database: String, directory: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try culprit())
        process.arguments = [
            "worker", "--database", database, "--cache", directory + "/cache-\(id)", "--id", id, "--slots", "1",
            "--backends", "command", "--lease", "4",
        ]
        FileManager.default.createFile(atPath: directory + "/\(id).log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/\(id).log"))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return process
    }

    @Test(
        "six jobs, three workers, one killed -9 mid-job: every answer right, no job run twice at once, no recorded run redone",
        .enabled(if: ServiceFixture.postgresURL != nil, "CULPRIT_TEST_POSTGRES_URL is not set: run under scripts/with-postgres"),
        .timeLimit(.minutes(15)))
    func killedWorker() async throws {
        let root = try ServiceFixture.temporaryDirectory("multi")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let location = try await ServiceFixture.freshLocation(postgres: true)
        guard case .postgres(let url) = location else {
            Issue.record("freshLocation(postgres: true) gave \(location), not a PostgreSQL store")
            return
        }
        let store = try await SQLJobStore.open(location)
        // Six repositories, each with its own planted culprit.
        var planted: [Int64: String] = [:]
        for n in 0..<6 {
            let culprit = 7 + 3 * n
            let repo = try await ServiceFixture.plantedRepository(at: root + "/repo\(n)", commits: 30, culprit: culprit)
            let spec = ServiceFixture.spec(
                repository: repo.path, good: repo.hashes[0], runSeconds: 0.4, runs: 3)
            let job = try await store.submit(
                NewJob(spec: spec, backend: "command", repository: repo.path, bad: "master"))
            planted[job.id] = repo.hashes[culprit - 1]
        }
        var workers = try ["w1", "w2", "w3"].map { ($0, try Self.startWorker($0, database: url, directory: root)) }
        defer { for (_, p) in workers where p.isRunning { kill(p.processIdentifier, SIGKILL) } }

        // Kill w1 once it holds a job with recorded runs.
        let victimJob = try await ServiceFixture.poll("w1 to record runs of a job", timeout: .seconds(300)) { () -> Int64? in
            for job in try await store.jobs(JobFilter(states: [.running])) where job.leaseOwner == "w1" {
                let runs = try await store.events(job: job.id, after: 0, kinds: ["run_finished"], limit: 10)
                if !runs.isEmpty { return job.id }
            }
            return nil
        }
        kill(workers[0].1.processIdentifier, SIGKILL)
        workers[0].1.waitUntilExit()

        try await ServiceFixture.wait("every job to finish", timeout: .seconds(900)) {
            try await store.jobs(JobFilter()).allSatisfy(\.state.isFinal)
        }
        // The two others stop on SIGTERM, cleanly.
        for (_, process) in workers.dropFirst() { process.terminate() }
        for (id, process) in workers.dropFirst() {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "worker \(id) exited with \(process.terminationStatus)")
        }
        workers = []

        var rebuilt = 0
        for (id, culprit) in planted {
            let job = try #require(try await store.job(id))
            #expect(job.state == .finished, "job \(id): \(job.state) \(job.error ?? "")")
            #expect(job.culprit == culprit, "job \(id) named \(job.culprit ?? "nothing"), planted \(culprit)")
            let events = try await store.events(job: id, after: 0, kinds: nil, limit: 100_000)
            // One writer at a time: every worker event comes from the worker holding the job then.
            var owner: String?
            for event in events {
                if event.kind == "state" {
                    let state = ServiceFixture.json(event.body)
                    owner = state["state"] as? String == "running" ? state["worker"] as? String : nil
                } else if let writer = event.worker {
                    #expect(writer == owner, "job \(id): event \(event.id) from \(writer) while \(owner ?? "nobody") held it")
                }
            }
            // No recorded run redone: each (commit, run index) appears once.
            var seen: Set<String> = []
            for event in events where event.kind == "run_finished" {
                let record = ServiceFixture.json(event.body)
                let commit = record["commit"] as? String ?? "?"
                let key = "\(commit)#\((record["run"] as? [String: Any])?["index"] as? Int ?? -1)"
                #expect(!seen.contains(key), "job \(id): run \(key) recorded twice")
                seen.insert(key)
            }
            // A revision built twice is one whose recorded build's artifact was not at hand when it
            // needed more runs, and the log says so: no recorded build is redone silently.
            var builds: [String: Int] = [:]
            for event in events where event.kind == "build_finished" {
                builds[ServiceFixture.json(event.body)["commit"] as? String ?? "?", default: 0] += 1
            }
            let lines = events.filter { $0.kind == "log" }.map(\.body)
            for (commit, count) in builds where count > 1 {
                #expect(
                    lines.filter { $0.hasPrefix("rebuilding \(commit) for more runs") }.count == count - 1,
                    "job \(id): \(commit) built \(count) times")
            }
            rebuilt += builds.values.reduce(0) { $0 + max(0, $1 - 1) }
        }
        print("MultiWorkerTests: \(rebuilt) rebuilds of recorded builds over six jobs (the command backend's artifact is its work tree)")
        let taken = try #require(try await store.job(victimJob))
        #expect(taken.attempts >= 2, "the killed worker's job was not taken over")
        let log = try await store.events(job: victimJob, after: 0, kinds: ["log"], limit: 100_000).map(\.body)
        #expect(log.contains { $0.contains("resuming the job") && $0.contains("not redone") })
        try await store.close()
    }
}
