import Foundation
import Store
import Testing
import Worker

@testable import Server

@Suite("culprit serve: HTTP API on a real server (SQLite; PostgreSQL under scripts/with-postgres)")
struct ServerAPITests {
    static var kinds: [Bool] { ServiceFixture.postgresURL == nil ? [false] : [false, true] }

    @Test("writes need a token; bad requests get JSON errors 400/401/404/409/413/422", arguments: kinds)
    func errorsAndAccess(postgres: Bool) async throws {
        let store = try await SQLJobStore.open(try await ServiceFixture.freshLocation(postgres: postgres))
        let token = try await store.createToken(name: "tester")
        let spec = ServiceFixture.spec(repository: "/srv/git/kv.git", good: "v1.0")
        try await ServiceFixture.withServer(store: store) { url in
            func errorMessage(_ text: String) -> String {
                (ServiceFixture.json(text)["error"] as? [String: Any])?["message"] as? String ?? ""
            }
            // 401: no token, unknown token.
            var r = try await ServiceFixture.http("POST", url + "/api/jobs", body: spec)
            #expect(r.status == 401)
            #expect(errorMessage(r.text).contains("culprit token create"))
            r = try await ServiceFixture.http("POST", url + "/api/jobs", body: spec, token: "culprit_nope")
            #expect(r.status == 401)
            // 400: empty body, bad query.
            r = try await ServiceFixture.http("POST", url + "/api/jobs", body: "  ", token: token)
            #expect(r.status == 400)
            r = try await ServiceFixture.http("GET", url + "/api/jobs?state=sleeping")
            #expect(r.status == 400 && errorMessage(r.text).contains("unknown state 'sleeping'"))
            // 422: problems in the spec, each named.
            r = try await ServiceFixture.http("POST", url + "/api/jobs", body: "repo: kv\nbad: master\nbuld: make\n", token: token)
            #expect(r.status == 422)
            let message = errorMessage(r.text)
            #expect(message.contains("unknown setting 'buld'"))
            r = try await ServiceFixture.http(
                "POST", url + "/api/jobs", body: "repo: relative/kv\nbad: master\nbuild: make\ntest: ./t\n", token: token)
            #expect(r.status == 422 && errorMessage(r.text).contains("relative path"))
            r = try await ServiceFixture.http(
                "POST", url + "/api/jobs", body: "repo: /srv/kv\nbad: master\nbuild: make\ntest: ./t\njson: /etc/x\n", token: token)
            #expect(r.status == 422 && errorMessage(r.text).contains("'json:'"))
            // 413: a body over the limit.
            r = try await ServiceFixture.http(
                "POST", url + "/api/jobs", body: spec + "\n#" + String(repeating: "x", count: 2 << 20), token: token)
            #expect(r.status == 413)
            // 201, then get, list.
            r = try await ServiceFixture.http("POST", url + "/api/jobs?priority=3", body: spec, token: token)
            #expect(r.status == 201)
            let job = ServiceFixture.json(r.text)
            let id = try #require(job["id"] as? Int)
            #expect(job["state"] as? String == "queued" && job["submitted_by"] as? String == "tester")
            #expect(job["priority"] as? Int == 3 && job["repository"] as? String == "/srv/git/kv.git")
            r = try await ServiceFixture.http("GET", url + "/api/jobs/\(id)")
            #expect(r.status == 200 && ServiceFixture.json(r.text)["spec"] as? String == spec)
            r = try await ServiceFixture.http("GET", url + "/api/jobs?state=queued")
            #expect((ServiceFixture.json(r.text)["jobs"] as? [[String: Any]])?.count == 1)
            // 404.
            r = try await ServiceFixture.http("GET", url + "/api/jobs/999999")
            #expect(r.status == 404 && errorMessage(r.text) == "no job 999999")
            r = try await ServiceFixture.http("GET", url + "/api/jobs/abc")
            #expect(r.status == 404)
            // Cancel needs a token; cancelling twice is a conflict; retry queues it again.
            r = try await ServiceFixture.http("POST", url + "/api/jobs/\(id)/cancel")
            #expect(r.status == 401)
            r = try await ServiceFixture.http("POST", url + "/api/jobs/\(id)/cancel", token: token)
            #expect(r.status == 200 && ServiceFixture.json(r.text)["state"] as? String == "cancelled")
            r = try await ServiceFixture.http("POST", url + "/api/jobs/\(id)/cancel", token: token)
            #expect(r.status == 409)
            r = try await ServiceFixture.http("POST", url + "/api/jobs/\(id)/retry", token: token)
            #expect(r.status == 200 && ServiceFixture.json(r.text)["state"] as? String == "queued")
            r = try await ServiceFixture.http("POST", url + "/api/jobs/\(id)/retry", token: token)
            #expect(r.status == 409)
            // Every write route of the API document refuses a request without a token, the
            // worker API's included.
            let document = try await ServiceFixture.http("GET", url + "/openapi.yaml").text
            var path = ""
            var writes: [(String, String)] = []
            for line in document.split(separator: "\n") {
                if line.hasPrefix("  /") && line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if line.hasPrefix("    ") && !line.hasPrefix("     ") && ["post:", "put:", "patch:", "delete:"].contains(method + ":") {
                    let route = path.replacingOccurrences(of: "{id}", with: "\(id)")
                        .replacingOccurrences(of: "{worker}", with: "w1").replacingOccurrences(of: "{name}", with: "a.txt")
                    writes.append((method.uppercased(), route))
                }
            }
            #expect(writes.count >= 10, "write routes in openapi.yaml: \(writes)")
            for (method, route) in writes {
                r = try await ServiceFixture.http(method, url + route, body: spec)
                #expect(r.status == 401, "\(method) \(route) without a token gave \(r.status)")
            }
            // Operations.
            r = try await ServiceFixture.http("GET", url + "/health")
            #expect(r.status == 200 && ServiceFixture.json(r.text)["status"] as? String == "ok")
            r = try await ServiceFixture.http("GET", url + "/metrics")
            #expect(r.status == 200 && r.text.contains("culprit_jobs{state=\"queued\"} 1"))
            #expect(r.text.contains("# TYPE culprit_queue_wait_seconds_average gauge"))
            r = try await ServiceFixture.http("GET", url + "/openapi.yaml")
            #expect(r.status == 200 && r.text.hasPrefix("openapi: 3.1.0") && r.text.contains("/api/jobs/{id}/events:"))
            r = try await ServiceFixture.http("GET", url + "/")
            #expect(r.status == 200 && r.text.contains("/jobs/\(id)"))
        }
        try await store.close()
    }
}
