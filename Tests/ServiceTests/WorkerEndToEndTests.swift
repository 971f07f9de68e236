import Foundation
import Store
import Testing
import Worker

@testable import Server

@Suite("Workers run jobs end to end through the store and the server")
struct WorkerEndToEndTests {
    static var kinds: [Bool] { ServiceFixture.postgresURL == nil ? [false] : [false, true] }

    @Test("an in-process worker finds the planted culprit; log, events (SSE), result and metrics show it", arguments: kinds)
    func inProcessWorker(postgres: Bool) async throws {
        let root = try ServiceFixture.temporaryDirectory("e2e")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repo = try await ServiceFixture.plantedRepository(at: root + "/repo", culprit: 15)
        let store = try await SQLJobStore.open(try await ServiceFixture.freshLocation(postgres: postgres))
        let token = try await store.createToken(name: "e2e")
        let worker = WorkerService(
            store: store, settings: WorkerSettings(id: "w-e2e", backends: ["command"], slots: 1, cacheDirectory: root + "/cache"))
        try await ServiceFixture.withServer(store: store, services: [worker]) { url in
            let spec = ServiceFixture.spec(repository: "file://" + repo.path, good: repo.hashes[0])
            let submitted = try await ServiceFixture.http("POST", url + "/api/jobs", body: spec, token: token)
            #expect(submitted.status == 201)
            let id = try #require(ServiceFixture.json(submitted.text)["id"] as? Int)
            // Follow the events as a client would, until the stream ends with the job.
            let stream = try await ServiceFixture.http("GET", url + "/api/jobs/\(id)/events")
            #expect(stream.status == 200)
            #expect(stream.text.contains("event: log\n"))
            #expect(stream.text.contains("event: run_finished\n"))
            #expect(stream.text.contains("event: verdict\n"))
            #expect(stream.text.contains("data: {\"state\":\"finished\"}"))
            let job = ServiceFixture.json(try await ServiceFixture.http("GET", url + "/api/jobs/\(id)").text)
            #expect(job["state"] as? String == "finished")
            #expect(job["outcome"] as? String == "culprit_found")
            #expect(job["culprit"] as? String == repo.hashes[14])
            let result = try #require(job["result"] as? [String: Any])
            #expect((result["culprit"] as? [String: Any])?["title"] as? String == "cache: free the entry early")
            let log = try await ServiceFixture.http("GET", url + "/api/jobs/\(id)/log")
            #expect(log.text.contains("testing commit"))
            #expect(log.text.contains("took the job (attempt 1)"))
            let page = try await ServiceFixture.http("GET", url + "/jobs/\(id)")
            #expect(page.text.contains(repo.hashes[14]))
            #expect(page.text.contains("<polyline"))
            #expect(page.text.contains("Culprit bisected the crash below to this commit:"))
            // Artifacts: the crash report and the console logs of a crashed run at the bad
            // revision and at the culprit.
            let artifacts = ServiceFixture.json(try await ServiceFixture.http("GET", url + "/api/jobs/\(id)/artifacts").text)
            let names = ((artifacts["artifacts"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("crash-report.txt"), "artifacts: \(names)")
            let culpritLog = try #require(
                names.first { $0.hasPrefix("console-culprit-\(repo.hashes[14].prefix(12))-run") }, "artifacts: \(names)")
            #expect(names.contains { $0.hasPrefix("console-bad-") }, "artifacts: \(names)")
            let console = try await ServiceFixture.http("GET", url + "/api/jobs/\(id)/artifacts/\(culpritLog)")
            #expect(console.text.contains("BUG: KASAN: use-after-free in cache_get"))
            let metrics = try await ServiceFixture.http("GET", url + "/metrics")
            #expect(metrics.text.contains("culprit_jobs{state=\"finished\"} 1"))
            #expect(!metrics.text.contains("culprit_builds_total 0\n"))
        }
        // The worker left nothing behind but its mirror.
        let jobs = (try? FileManager.default.contentsOfDirectory(atPath: root + "/cache/jobs")) ?? []
        #expect(jobs.isEmpty)
        try await store.close()
    }
}
