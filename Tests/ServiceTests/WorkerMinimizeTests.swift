import Foundation
import Store
import Testing
import Worker

@testable import Server

/// `minimize-config` reaches a service worker: the worker asks the job's backend to minimize
/// before bisecting, as `culprit bisect` does. The command backend has no config, so the job
/// ends failed with the backend's own refusal (a worker that ignored the setting would bisect
/// and find the culprit); the kernel backend's minimization is `ConfigMinimizerTests` and
/// `scripts/kernel/minimize-e2e`.
@Suite("A worker honours minimize-config")
struct WorkerMinimizeTests {
    @Test("a submitted job with minimize-config goes through the backend's minimization on the worker")
    func workerMinimizes() async throws {
        let root = try ServiceFixture.temporaryDirectory("minimize")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repo = try await ServiceFixture.plantedRepository(at: root + "/repo", commits: 8, culprit: 5)
        let store = try await SQLJobStore.open(try await ServiceFixture.freshLocation(postgres: false))
        let token = try await store.createToken(name: "minimize")
        let worker = WorkerService(
            store: store,
            settings: WorkerSettings(id: "w-min", backends: ["command"], slots: 1, cacheDirectory: root + "/cache"))
        try await ServiceFixture.withServer(store: store, services: [worker]) { url in
            var object = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(ServiceFixture.spec(repository: "file://" + repo.path, good: repo.hashes[0]).utf8))
                    as? [String: Any])
            object["minimize-config"] = true
            let spec = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let submitted = try await ServiceFixture.http("POST", url + "/api/jobs", body: spec, token: token)
            #expect(submitted.status == 201, "\(submitted.text)")
            let id = try #require(ServiceFixture.json(submitted.text)["id"] as? Int)
            let state = try await ServiceFixture.poll("the job to end") { () -> String? in
                let job = ServiceFixture.json(try await ServiceFixture.http("GET", url + "/api/jobs/\(id)").text)
                let state = job["state"] as? String
                return state == "finished" || state == "failed" ? state : nil
            }
            #expect(state == "failed")
            let log = try await ServiceFixture.http("GET", url + "/api/jobs/\(id)/log")
            #expect(log.text.contains("--minimize-config minimizes a kernel config"), "\(log.text.suffix(800))")
            #expect(!log.text.contains("testing commit"), "the worker bisected without minimizing")
        }
        try await store.close()
    }
}
