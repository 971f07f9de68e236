import Dashboard
import Foundation
import Store
import Testing
import Worker

@Suite("Dashboard views and service job specs")
struct DashboardViewTests {
    @Test("the posterior chart draws one point per step, scaled, and says when there is none")
    func chart() {
        let svg = PosteriorChart(points: [.init(best: 0.1, candidates: 40), .init(best: 0.5, candidates: 10), .init(best: 0.97, candidates: 1)]).svg
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        let best = svg.components(separatedBy: #"<polyline points=""#)[2].prefix { $0 != "\"" }
        #expect(best.split(separator: " ").count == 3)
        #expect(svg.contains(">40</text>"))
        #expect(PosteriorChart(points: []).svg.contains("no test yet"))
    }

    @Test("the job view reads the timeline, chart, log, recipients and email from the stored events")
    func view() throws {
        let result = #"""
            {"outcome":"found","mode":"cause","culprit":{"hash":"abc123abc123abc123","title":"cache: free early","author":"Ann <ann@example.org>"},
             "candidates":[],"confidence":0.975,"revisions_tested":5,"builds":5,"test_runs":40,"crash":{"title":"KASAN: use-after-free in cache_get","report":"BUG: KASAN"},
             "recipients":{"to":[{"name":"Ann","email":"ann@example.org","roles":["author"]}],"cc":[{"email":"list@example.org","roles":["list:CACHE"]}],"notes":[]},
             "warnings":[],"reason":"r"}
            """#
        let fields: [String: Any] = [
            "id": 7, "state": "finished", "priority": 0, "spec": "{}", "backend": "command", "repository": "https://x/r.git",
            "bad": "master", "attempts": 1, "submitted_at": 0, "started_at": 1, "finished_at": 9,
            "title": "KASAN: use-after-free in cache_get", "outcome": "culprit_found", "culprit": "abc123abc123abc123",
            "confidence": 0.975, "result": result,
        ]
        let job = try JSONDecoder().decode(JobRecord.self, from: try JSONSerialization.data(withJSONObject: fields))
        func event(_ id: Int64, _ kind: String, _ body: String) -> EventRecord {
            EventRecord(id: id, job: 7, at: 0, kind: kind, body: body, worker: "w")
        }
        let events = [
            event(1, "log", "testing commit c1"),
            event(2, "build_finished", #"{"event":"build_finished","commit":"c1","build":{"status":"built"}}"#),
            event(3, "run_finished", #"{"event":"run_finished","commit":"c1","run":{"index":0,"outcome":{"kind":"crashed","title":"T"}}}"#),
            event(4, "run_finished", #"{"event":"run_finished","commit":"c1","run":{"index":1,"outcome":{"kind":"ok"}}}"#),
            event(5, "verdict", #"{"event":"verdict","commit":"c1","verdict":"bad","probability":0.9}"#),
            event(6, "progress", #"{"event":"progress","progress":{"phase":"bisecting","best_probability":0.4,"candidates_left":12}}"#),
            event(7, "run_finished", #"{"event":"run_finished","commit":"c2","run":{"index":0,"outcome":{"kind":"ok"}}}"#),
            event(8, "verdict", #"{"event":"verdict","commit":"c2","verdict":"good"}"#),
            event(9, "progress", #"{"event":"progress","progress":{"phase":"bisecting","best_probability":0.975,"candidates_left":1}}"#),
        ]
        let view = JobView(job: job, events: events, artifacts: [], crashReport: nil, baseURL: "http://h:1")
        #expect(view.log == ["testing commit c1"])
        #expect(view.timeline.map(\.verdict) == ["bad (crashed 1/2)", "good (crashed 0/1)"])
        #expect(view.chart.points == [.init(best: 0.4, candidates: 12), .init(best: 0.975, candidates: 1)])
        #expect(view.recipients.map(\.email) == ["ann@example.org", "list@example.org"])
        #expect(view.crashReport == "BUG: KASAN")
        let email = try #require(view.emailText)
        #expect(email.contains("To: Ann <ann@example.org>"))
        #expect(email.contains("commit abc123abc123abc123"))
        #expect(email.contains("confidence: 97.5%"))
        #expect(email.contains("job: http://h:1/jobs/7"))
        #expect(view.lastEventID == 9)
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
