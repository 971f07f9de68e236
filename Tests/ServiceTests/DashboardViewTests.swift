import Backends
import Dashboard
import Foundation
import JobConfig
import JobPage
import Model
import Store
import Testing
import Worker

@Suite("Dashboard views and service job specs")
struct DashboardViewTests {
    init() { BackendRegistry.registerBuiltIn() }

    @Test("the posterior chart draws one point per step, scaled, and says when there is none")
    func chart() {
        let svg = PosteriorChart(points: [.init(best: 0.1, candidates: 40), .init(best: 0.5, candidates: 10), .init(best: 0.97, candidates: 1)]).svg
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        let best = svg.components(separatedBy: #"<polyline points=""#)[2].prefix { $0 != "\"" }
        #expect(best.split(separator: " ").count == 3)
        #expect(svg.contains(">40</text>"))
        #expect(PosteriorChart(points: []).svg.contains("no test yet"))
    }

    @Test("a stored job's page reads the timeline, chart, log, recipients and email from the stored events")
    func view() throws {
        let culprit = "abc123abc123abc123abc123abc123abc123abc1"
        let result = BisectionResult(
            outcome: .found, mode: .cause, strategy: .bayes,
            culprit: .init(hash: culprit, title: "cache: free early", author: "Ann <ann@example.org>"),
            candidates: [], confidence: 0.975, revisionsTested: 5, builds: 5, testRuns: 40, buildSeconds: 1,
            testSeconds: 1, crash: .init(title: "KASAN: use-after-free in cache_get", report: "BUG: KASAN"),
            recipients: Recipients(
                to: [Person(name: "Ann", email: "ann@example.org", roles: ["author"])],
                cc: [Person(name: nil, email: "list@example.org", roles: ["list:CACHE"])]),
            warnings: [], oldestReleaseTested: nil, reason: "r", stateDirectory: "/tmp/x")
        let encoder = JSONEncoder()
        let resultJSON = String(decoding: try encoder.encode(result), as: UTF8.self)
        let fields: [String: Any] = [
            "id": 7, "state": "finished", "priority": 0, "spec": "{}", "backend": "command", "repository": "https://x/r.git",
            "bad": "master", "attempts": 1, "submitted_at": 0, "started_at": 1, "finished_at": 9,
            "title": "KASAN: use-after-free in cache_get", "outcome": "found", "culprit": culprit,
            "confidence": 0.975, "result": resultJSON,
        ]
        let job = try JSONDecoder().decode(JobRecord.self, from: try JSONSerialization.data(withJSONObject: fields))
        var id: Int64 = 0
        func event(_ e: JobEvent) throws -> EventRecord {
            id += 1
            return EventRecord(
                id: id, job: 7, at: 0, kind: e.name, body: String(decoding: try encoder.encode(e), as: UTF8.self), worker: "w")
        }
        func progress(_ best: Double, _ left: Int) -> JobEvent {
            .progress(
                BisectionProgress(
                    phase: .bisecting, revisionsTested: 1, builds: 1, runs: 2, candidatesLeft: left, bestProbability: best,
                    bestCandidate: nil, estimatedTestsLeft: nil, estimatedSecondsLeft: nil))
        }
        id += 1
        let events = [
            EventRecord(id: id, job: 7, at: 0, kind: "log", body: "testing commit c1", worker: "w"),
            try event(.revisionChosen(commit: "c1", runs: 2, reason: "most information per cost")),
            try event(.buildFinished(commit: "c1", result: BuildResult(status: .built, seconds: 2))),
            try event(.runFinished(commit: "c1", run: RunResult(index: 0, outcome: .crashed(title: "T", report: nil), seconds: 1))),
            try event(.runFinished(commit: "c1", run: RunResult(index: 1, outcome: .ok, seconds: 1))),
            try event(.verdict(commit: "c1", verdict: .bad, probability: 0.9)),
            try event(progress(0.4, 12)),
            try event(.runFinished(commit: "c2", run: RunResult(index: 0, outcome: .ok, seconds: 1))),
            try event(.verdict(commit: "c2", verdict: .good, probability: nil)),
            try event(progress(0.975, 1)),
            EventRecord(id: 99, job: 7, at: 0, kind: "some_future_event", body: "{\"event\":\"some_future_event\"}", worker: "w"),
        ]
        let report = JobReport(job: job, events: events, artifacts: [], crashReport: nil, baseURL: "http://h:1", now: 60)
        #expect(report.log == ["testing commit c1"])
        #expect(report.timeline.map(\.verdict) == ["bad", "good"])
        #expect(report.timeline.map(\.runs) == [2, 1] && report.timeline.map(\.crashes) == [1, 0])
        #expect(report.timeline[0].reason == "most information per cost" && report.timeline[0].build == "built in 2.0s")
        #expect(report.chart.points == [.init(best: 0.4, candidates: 12), .init(best: 0.975, candidates: 1)])
        #expect(report.crashReport == "BUG: KASAN")
        let service = try #require(report.service)
        #expect(service.lastEventID == 99 && service.submitted == "60 s ago")
        let email = try #require(service.email)
        #expect(email.contains("To: Ann <ann@example.org>"))
        #expect(email.contains("commit \(culprit)"))
        #expect(email.contains("97.5%"))
        #expect(email.contains("http://h:1/api/jobs/7/log"))

        let page = try DashboardTemplates().jobPage(report, live: true)
        #expect(page.contains("id=\"culprit\">\(culprit)</dd>"))
        #expect(page.contains("list@example.org") && page.contains("<pre id=\"email\">"))
        #expect(page.contains("<a href=\"/\">Culprit</a>"))
        #expect(!page.contains("/static/dashboard.js"), "a finished job's page follows no events")
    }

    @Test("service specs need a URL or an absolute path and no local files; problems are named")
    func specs() throws {
        let ok = try ServiceJob(spec: "repo: https://git.example.org/kv.git\nbad: master\nbuild: make\ntest: ./t\n")
        #expect(ok.repository == "https://git.example.org/kv.git" && ok.backend == "command" && ok.bad == "master")
        let json = try ServiceJob(spec: #"{"repo": "/srv/kv", "bad": "v2", "build": "make", "test": "./t"}"#)
        #expect(json.repository == "/srv/kv")
        #expect(throws: (any Error).self) { try ServiceJob(spec: "repo: kv\nbad: master\nbuild: make\ntest: ./t\n") }
        do {
            _ = try ServiceJob(spec: "repo: /srv/kv\nbuild: make\nstate: /tmp/x\n")
            Issue.record("a spec without bad and test was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains("no bad revision"))
            #expect(message.contains("no test command"))
            #expect(message.contains("'state:'"))
        }
    }
}
