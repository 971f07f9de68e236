import Foundation
import Model
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `culprit worker` and `culprit serve --workers 1` as processes told to stop: the first SIGTERM
/// lets the runs in progress end and be recorded, starts no other and gives the job back; a
/// second one stops at once without leaving a child behind. The job's runs wait on a gate file,
/// so what is in progress when the signal comes is known exactly.
@Suite("Stopping workers: SIGTERM finishes the runs in progress, a second signal stops at once", .serialized)
struct WorkerStopTests {
    /// A store in `root/data` with one gated job (two runs at a time) on a planted repository.
    static func setUp(_ root: String) async throws -> (store: SQLJobStore, job: Int64, culprit: String, gate: String) {
        let repo = try await ServiceFixture.plantedRepository(at: root + "/repo", culprit: 9)
        let gate = root + "/gate"
        let store = try await SQLJobStore.open(.sqlite(directory: root + "/data"))
        try FileManager.default.createDirectory(atPath: root + "/started", withIntermediateDirectories: true)
        let spec = ServiceFixture.spec(
            repository: repo.path, good: repo.hashes[0], runs: 4, gate: gate, started: root + "/started")
        let job = try await store.submit(NewJob(spec: spec, backend: "command", repository: repo.path, bad: "master"))
        return (store, job.id, repo.hashes[8], gate)
    }

    /// Starts `culprit ARGS`, its output in `root/NAME.log`.
    static func start(_ name: String, _ arguments: [String], root: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try MultiWorkerTests.culprit())
        process.arguments = arguments
        FileManager.default.createFile(atPath: root + "/\(name).log", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/\(name).log"))
        process.standardError = process.standardOutput
        try process.run()
        return process
    }

    static func worker(_ id: String, root: String, lease: Int = 30) throws -> Process {
        try start(
            id,
            [
                "worker", "--data", root + "/data", "--cache", root + "/cache-\(id)", "--id", id, "--backends",
                "command",
                "--lease", "\(lease)",
            ], root: root)
    }

    static func output(_ name: String, root: String) -> String {
        (try? String(contentsOfFile: root + "/\(name).log", encoding: .utf8)) ?? ""
    }

    /// Processes whose command line names `marker` (the job's test commands name the gate file).
    static func processes(naming marker: String) -> [Int32] {
        let me = getpid()
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), pid != me,
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                String(decoding: data, as: UTF8.self).contains(marker)
            else { return nil }
            return pid
        }
    }

    /// Waits until the first two runs (of the bad revision's four, two at a time) have started.
    static func waitForTwoRuns(_ root: String) async throws {
        try await ServiceFixture.wait("two runs in progress", timeout: .seconds(300)) {
            ((try? FileManager.default.contentsOfDirectory(atPath: root + "/started")) ?? []).count >= 2
        }
    }

    /// The (commit, index) of every recorded run of `job`; fails the test when one is recorded twice.
    static func recordedRuns(_ store: SQLJobStore, _ job: Int64) async throws -> [String] {
        let events = try await store.events(job: job, after: 0, kinds: ["run_finished"], limit: 100_000)
        let keys = events.map { event -> String in
            let record = ServiceFixture.json(event.body)
            return "\(record["commit"] as? String ?? "?")#\((record["run"] as? [String: Any])?["index"] as? Int ?? -1)"
        }
        #expect(Set(keys).count == keys.count, "a recorded run was redone: \(keys.sorted())")
        return keys
    }

    /// Runs a second worker until the job ends; checks the answer and that no recorded run was redone.
    static func finish(
        _ setup: (store: SQLJobStore, job: Int64, culprit: String, gate: String), root: String, lease: Int = 30
    )
        async throws
    {
        let next = try worker("wb", root: root, lease: lease)
        defer { if next.isRunning { kill(next.processIdentifier, SIGKILL) } }
        try await ServiceFixture.wait("the second worker to finish the job", timeout: .seconds(600)) {
            try await setup.store.job(setup.job)?.state.isFinal == true
        }
        kill(next.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("the second worker to exit", timeout: .seconds(120)) { !next.isRunning }
        #expect(next.terminationStatus == 0, "wb: \(output("wb", root: root))")
        let job = try #require(try await setup.store.job(setup.job))
        #expect(
            job.state == .finished && job.culprit == setup.culprit,
            "\(job.state) \(job.culprit ?? "-") \(job.error ?? "")")
        _ = try await recordedRuns(setup.store, setup.job)
    }

    @Test(
        "`culprit worker`: SIGTERM mid-test-call records the two runs in progress, starts no other, releases the job and exits 0",
        .timeLimit(.minutes(10)))
    func gracefulWorker() async throws {
        let root = try ServiceFixture.temporaryDirectory("stop-worker")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let setup = try await Self.setUp(root)
        let first = try Self.worker("wa", root: root)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        // The bad revision's first two runs (of 4) wait at the gate.
        try await Self.waitForTwoRuns(root)
        kill(first.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("the worker to take the stop", timeout: .seconds(60)) {
            Self.output("wa", root: root).contains("told to stop")
        }
        #expect(first.isRunning, "the worker waits for its runs in progress")
        FileManager.default.createFile(atPath: setup.gate, contents: nil)
        try await ServiceFixture.wait("the worker to exit", timeout: .seconds(120)) { !first.isRunning }
        #expect(
            first.terminationReason == .exit && first.terminationStatus == 0,
            "wa ended with \(first.terminationStatus): \(Self.output("wa", root: root))")
        #expect(Self.processes(naming: setup.gate).isEmpty, "a test command outlived the worker")
        let job = try #require(try await setup.store.job(setup.job))
        #expect(job.state == .queued && job.leaseOwner == nil, "the job was not released: \(job.state)")
        // Exactly the two runs in progress were recorded: the call's other two never started.
        let runs = try await Self.recordedRuns(setup.store, setup.job)
        #expect(runs.count == 2, "runs recorded: \(runs)")
        let builds = try await setup.store.events(job: setup.job, after: 0, kinds: ["build_finished"], limit: 100)
        #expect(builds.count == 1)
        let log = try await setup.store.events(job: setup.job, after: 0, kinds: ["log"], limit: 10_000).map(\.body)
        #expect(log.contains { $0.contains("is stopping: the build or runs in progress are recorded") }, "\(log)")
        try await Self.finish(setup, root: root)
        try await setup.store.close()
    }

    @Test(
        "`culprit worker`: a second SIGTERM stops at once (exit 143), no child left, recorded results kept and taken over",
        .timeLimit(.minutes(10)))
    func secondSignal() async throws {
        let root = try ServiceFixture.temporaryDirectory("stop-twice")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let setup = try await Self.setUp(root)
        let first = try Self.worker("wa", root: root, lease: 4)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try await Self.waitForTwoRuns(root)
        kill(first.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("the worker to take the stop", timeout: .seconds(60)) {
            Self.output("wa", root: root).contains("told to stop")
        }
        kill(first.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("the worker to exit", timeout: .seconds(60)) { !first.isRunning }
        let left = Self.processes(naming: setup.gate)
        #expect(left.isEmpty, "test commands outlived the worker: \(left)")
        #expect(
            first.terminationStatus == 128 + SIGTERM,
            "wa ended with \(first.terminationStatus): \(Self.output("wa", root: root))")
        #expect(Self.output("wa", root: root).contains("stopped by SIGTERM"))
        // What was recorded stays: the bad revision's build; the job is still the dead worker's
        // until its lease expires.
        let builds = try await setup.store.events(job: setup.job, after: 0, kinds: ["build_finished"], limit: 100)
        #expect(builds.count == 1)
        #expect(try await Self.recordedRuns(setup.store, setup.job).isEmpty)
        FileManager.default.createFile(atPath: setup.gate, contents: nil)
        try await Self.finish(setup, root: root, lease: 4)
        let job = try #require(try await setup.store.job(setup.job))
        #expect(job.attempts == 2)
        try await setup.store.close()
    }

    @Test(
        "`culprit serve --workers 1`: SIGTERM mid-test-call records the runs in progress, releases the job, exits 0",
        .timeLimit(.minutes(10)))
    func gracefulServe() async throws {
        let root = try ServiceFixture.temporaryDirectory("stop-serve")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let setup = try await Self.setUp(root)
        let serve = try Self.start(
            "serve", ["serve", "--data", root + "/data", "--port", "0", "--workers", "1", "--backends", "command"],
            root: root)
        defer { if serve.isRunning { kill(serve.processIdentifier, SIGKILL) } }
        try await Self.waitForTwoRuns(root)
        kill(serve.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("serve to take the stop", timeout: .seconds(60)) {
            Self.output("serve", root: root).contains("told to stop")
        }
        FileManager.default.createFile(atPath: setup.gate, contents: nil)
        try await ServiceFixture.wait("serve to exit", timeout: .seconds(120)) { !serve.isRunning }
        #expect(
            serve.terminationReason == .exit && serve.terminationStatus == 0,
            "serve ended with \(serve.terminationStatus): \(Self.output("serve", root: root))")
        #expect(Self.processes(naming: setup.gate).isEmpty, "a test command outlived serve")
        let job = try #require(try await setup.store.job(setup.job))
        #expect(job.state == .queued && job.leaseOwner == nil, "the job was not released: \(job.state)")
        #expect(try await Self.recordedRuns(setup.store, setup.job).count == 2)
        try await Self.finish(setup, root: root)
        try await setup.store.close()
    }
}
