import ArgumentParser
import Foundation
import Store

struct BenchQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Measure the job queue: claims per second with N concurrent claimers.",
        discussion: """
            Submits --jobs jobs to a fresh store (a temporary SQLite directory, or the PostgreSQL \
            database given with --database, which must be empty of jobs), then --workers claimers \
            take them as fast as they can: each claim is followed by the job's end (claim, one \
            event, finish), as a worker would. Prints the throughput and the claim latency \
            percentiles, and checks that every job was taken exactly once.
            """
    )

    @Option(help: ArgumentHelp("A PostgreSQL URL; default: a temporary SQLite store.", valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp("Jobs to queue.", valueName: "n"))
    var jobs: Int = 1000

    @Option(help: ArgumentHelp("Concurrent claimers.", valueName: "n"))
    var workers: Int = 8

    func validate() throws {
        if !(1...100_000).contains(jobs) { throw ValidationError("--jobs must be between 1 and 100000") }
        if !(1...256).contains(workers) { throw ValidationError("--workers must be between 1 and 256") }
    }

    func run() async throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-bench-queue-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let location = try StoreLocation.parse(database: database, data: temporary)
        let store = try await SQLJobStore.open(location)
        if try await !store.jobs(JobFilter(states: [.queued, .running], limit: 1)).isEmpty {
            throw ValidationError("the database already has queued or running jobs: give an empty one")
        }
        let spec = #"{"repo":"/srv/git/bench.git","bad":"master","build":"true","test":"true"}"#
        let submitStart = ContinuousClock.now
        for _ in 0..<jobs {
            _ = try await store.submit(NewJob(spec: spec, backend: "command", repository: "/srv/git/bench.git", bad: "master"))
        }
        let submitSeconds = (ContinuousClock.now - submitStart).seconds
        let start = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: ([Int64], [Double]).self) { group in
            for w in 0..<workers {
                group.addTask {
                    var ids: [Int64] = []
                    var latencies: [Double] = []
                    while true {
                        let t = ContinuousClock.now
                        guard let job = try await store.claim(worker: "bench-\(w)", backends: ["command"], lease: .seconds(60))
                        else { break }
                        latencies.append((ContinuousClock.now - t).seconds)
                        _ = try await store.append(job: job.id, worker: "bench-\(w)", events: [NewEvent(kind: "log", body: "done")])
                        _ = try await store.finish(job: job.id, worker: "bench-\(w)", finish: JobFinish(state: .finished))
                        ids.append(job.id)
                    }
                    return (ids, latencies)
                }
            }
            return try await group.reduce(into: ([Int64](), [Double]())) { $0.0 += $1.0; $0.1 += $1.1 }
        }
        let seconds = (ContinuousClock.now - start).seconds
        try await store.close()
        let ids = results.0
        let latencies = results.1.sorted()
        func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print("store: \(location)")
        print(String(format: "submitted %d jobs in %.2f s (%.0f/s)", jobs, submitSeconds, Double(jobs) / submitSeconds))
        print(
            String(
                format: "%d claimers: %d jobs claimed and finished in %.2f s: %.0f jobs/s; claim latency p50 %.2f ms, p99 %.2f ms",
                workers, ids.count, seconds, Double(ids.count) / seconds, percentile(0.5) * 1000, percentile(0.99) * 1000))
        let once = Set(ids).count == ids.count && ids.count == jobs
        print(once ? "every job was taken exactly once" : "ERROR: \(ids.count) claims for \(jobs) jobs, \(Set(ids).count) distinct")
        if !once { throw ExitCode(1) }
    }
}
