import Foundation
import Store
import Model
import Support
import TestSupport
import Testing
import Worker

@testable import Server

/// The dashboard in a real browser: Debian's headless Chromium loads the job list, a finished
/// job's page and a running job's page; screenshots go to `.build/artifacts/dashboard/`.
@Suite("Dashboard in headless Chromium", .serialized)
struct DashboardBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static var artifacts: String {
        let root = TestSupport.packageRoot
        let dir = ProcessInfo.processInfo.environment["CULPRIT_TEST_ARTIFACTS"] ?? root + "/.build/artifacts/dashboard"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func browser(_ arguments: [String], profile: String) async throws -> ProcessResult {
        let result = try await ProcessRunner.run(
            try #require(chromium),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile)", "--hide-scrollbars",
            ] + arguments, timeout: .seconds(120))
        return result
    }

    /// The DOM after the page's scripts ran for `budget` ms of virtual time.
    static func dom(_ url: String, profile: String, budget: Int = 2000) async throws -> String {
        let r = try await browser(["--virtual-time-budget=\(budget)", "--dump-dom", url], profile: profile)
        #expect(r.succeeded, "chromium failed: \(r.errorText.suffix(500))")
        return r.outputText
    }

    static func screenshot(_ url: String, to file: String, profile: String) async throws {
        let r = try await browser(
            ["--virtual-time-budget=2000", "--window-size=1280,1800", "--screenshot=\(file)", url], profile: profile)
        #expect(r.succeeded, "chromium failed: \(r.errorText.suffix(500))")
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        #expect(size > 10_000, "the screenshot \(file) is missing or blank (\(size) bytes)")
    }

    @Test(
        "job list, a finished job (culprit, chart, log) and a running job (live events)",
        .enabled(if: chromium != nil, "Chromium is not installed: scripts/install-deps --browser"),
        .timeLimit(.minutes(10)))
    func dashboard() async throws {
        let root = try ServiceFixture.temporaryDirectory("browser")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repo = try await ServiceFixture.plantedRepository(at: root + "/repo", culprit: 11)
        let store = try await SQLJobStore.open(.sqlite(directory: root + "/data"))
        let worker = WorkerService(
            store: store, settings: WorkerSettings(id: "w-browser", backends: ["command"], slots: 1, cacheDirectory: root + "/cache"))
        let profile = root + "/profile"
        // Event streams of 1 s: Chromium's virtual time stands still while a request is open, so
        // a page that follows a running job's stream is dumped only once the stream ends (before,
        // the running page timed out or showed the job already ended). The page's EventSource
        // reconnects with Last-Event-ID, as it would after any server-side end of the stream.
        let settings = ServerSettings(port: 0, streamLimit: .seconds(1))
        try await ServiceFixture.withServer(store: store, services: [worker], settings: settings) { url in
            let finished = try await store.submit(
                NewJob(
                    spec: ServiceFixture.spec(repository: repo.path, good: repo.hashes[0]), backend: "command",
                    repository: repo.path, bad: "master"))
            try await ServiceFixture.wait("the first job to finish") { try await store.job(finished.id)?.state.isFinal == true }
            #expect(try await store.job(finished.id)?.culprit == repo.hashes[10])

            // A job held running: its runs wait for a gate file, opened once the browser checks
            // are done. (A job of slow runs once ended before Chromium, on a loaded machine, got
            // to its page.)
            let gate = root + "/gate"
            let running = try await store.submit(
                NewJob(
                    spec: ServiceFixture.spec(repository: repo.path, good: repo.hashes[0], gate: gate),
                    backend: "command", repository: repo.path, bad: "master"))
            defer { FileManager.default.createFile(atPath: gate, contents: nil) }
            try await ServiceFixture.wait("the second job to log a test") {
                try await store.events(job: running.id, after: 0, kinds: ["log"], limit: 100)
                    .contains { $0.body.hasPrefix("testing commit") }
            }

            let list = try await Self.dom(url + "/", profile: profile)
            #expect(list.contains("href=\"/jobs/\(finished.id)\""))
            #expect(list.contains(String(repo.hashes[10].prefix(12))))
            #expect(list.contains("class=\"state running\""))

            let page = try await Self.dom(url + "/jobs/\(finished.id)", profile: profile)
            #expect(page.contains(repo.hashes[10]), "the culprit is not on the page")
            #expect(page.contains("id=\"posterior-chart\"") && page.contains("<polyline"), "no chart")
            #expect(page.contains("testing commit"), "no log")
            #expect(page.contains("Culprit bisected the crash below to this commit:"), "no email text")

            // The running page: the log grows in the browser from the server-sent events. The
            // worker waits at the gate, so the new log lines come from here, through the store,
            // while Chromium has the page open.
            let before = try await store.events(job: running.id, after: 0, kinds: ["log"], limit: 10_000).count
            let feeder = Task {
                var n = 0
                while !Task.isCancelled {
                    n += 1
                    _ = try? await store.append(job: running.id, worker: nil, events: [NewEvent(kind: "log", body: "live line \(n)")])
                    try? await Task.sleep(for: .milliseconds(300))
                }
            }
            let live = try await Self.dom(url + "/jobs/\(running.id)", profile: profile, budget: 4000)
            feeder.cancel()
            let shown = Self.logLines(live)
            let slow = try await store.job(running.id)
            #expect(
                slow?.state == .running,
                "the slow job ended before the browser checks: \(slow?.state.rawValue ?? "?") \(slow?.outcome ?? "") \(slow?.error ?? "")")
            #expect(live.contains("data-state=\"running\""))
            #expect(shown.count > before, "the log did not grow in the browser (\(shown.count) lines, \(before) at load)")
            #expect(shown.contains { $0.contains("live line") }, "no line sent while the page was open")

            try await Self.screenshot(url + "/", to: Self.artifacts + "/jobs.png", profile: profile)
            try await Self.screenshot(url + "/jobs/\(finished.id)", to: Self.artifacts + "/job-finished.png", profile: profile)
            try await Self.screenshot(url + "/jobs/\(running.id)", to: Self.artifacts + "/job-running.png", profile: profile)
            _ = try? await store.cancel(job: running.id)
            FileManager.default.createFile(atPath: gate, contents: nil)
        }
        try await store.close()
    }

    /// The lines of the `<pre id="log">` element of a dumped DOM.
    static func logLines(_ html: String) -> [Substring] {
        guard let start = html.range(of: "<pre id=\"log\">"), let end = html.range(of: "</pre>", range: start.upperBound..<html.endIndex)
        else { return [] }
        return html[start.upperBound..<end.lowerBound].split(separator: "\n")
    }
}
