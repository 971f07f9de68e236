import Bisect
import Foundation
import JobPage
import Model
import Support
import Testing

/// The self-contained HTML page of a job: rendered from a scripted event sequence, and the real
/// demo's page (`culprit demo --html`) drawn by headless Chromium.
struct JobPageTests {
    static let culprit = String(repeating: "c", count: 40)

    @Test func pageHasEverySectionEscapesTextAndLoadsNothing() throws {
        let result = BisectionResult(
            outcome: .found, mode: .cause, strategy: .bayes,
            culprit: .init(hash: Self.culprit, title: "net: <script>alert(1)</script>", author: "A <a@x>"),
            candidates: [.init(hash: Self.culprit, title: "net", probability: 0.97)], confidence: 0.97,
            revisionsTested: 2, builds: 2, testRuns: 4, buildSeconds: 1, testSeconds: 1,
            crash: .init(title: "KASAN: use-after-free in f", report: "BUG: KASAN\nCall Trace:\n f+0x1/0x2"),
            recipients: Recipients(to: [Person(name: "Ada", email: "ada@example.com", roles: ["author"])]),
            warnings: [], oldestReleaseTested: nil, reason: "confidence reached", stateDirectory: "/tmp/x")
        let events: [JobEvent] = [
            .revisionChosen(commit: Self.culprit, runs: 2, reason: "most expected information per unit of cost"),
            .buildFinished(commit: Self.culprit, result: BuildResult(status: .built, seconds: 2)),
            .runFinished(commit: Self.culprit, run: RunResult(index: 0, outcome: .crashed(title: "t", report: nil), seconds: 1)),
            .runFinished(commit: Self.culprit, run: RunResult(index: 1, outcome: .ok, seconds: 1)),
            .verdict(commit: Self.culprit, verdict: .bad, probability: 0.99),
            .result(result),
        ]
        let log = [
            "Bisecting: 12 candidates left, best cccccccccccc at 30.0%; crash probability per run about 0.5",
            "Bisecting: 1 candidate left, best cccccccccccc at 97.0%; crash probability per run about 0.5",
        ]
        let report = JobReport(title: "Culprit job j1", state: "finished", events: events, log: log)
        #expect(report.chart.points == [.init(best: 0.3, candidates: 12), .init(best: 0.97, candidates: 1)])
        #expect(report.timeline.count == 1 && report.timeline[0].runs == 2 && report.timeline[0].crashes == 1)
        let html = try report.html()
        for id in ["summary", "posterior", "crash-section", "recipients-section", "log-section"] {
            #expect(html.contains("<section id=\"\(id)\">"), "no \(id) section")
        }
        #expect(html.contains("<table id=\"timeline\">") && html.contains("most expected information per unit of cost"))
        #expect(html.contains("id=\"culprit\">\(Self.culprit)</dd>") && html.contains("97.0%"))
        #expect(html.contains("<svg") && html.contains("class=\"best\"/>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert"))
        #expect(html.contains("ada@example.com") && html.contains("Call Trace:"))
        // Self-contained: nothing is fetched.
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"))
    }

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium)"))
    func demoPageRendersInHeadlessChromium() async throws {
        let chromium = try #require(Self.chromium)
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/demo.html"
        let demo = try await DemoTests.run(
            ["demo", "--dir", dir + "/project", "--html", page, "--json", dir + "/demo.json"], timeout: .seconds(900))
        #expect(demo.status == .exited(0), "\(demo.outputText.suffix(2000))")
        let result = try JSONDecoder().decode(
            BisectionResult.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/demo.json")))
        let culprit = try #require(result.culprit?.hash)

        let png = dir + "/demo.png"
        let shot = try await ProcessRunner.run(
            chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--screenshot=\(png)", "--window-size=1200,1800",
             "file://\(page)"],
            output: .capture(limit: 1 << 20), timeout: .seconds(120))
        #expect(shot.succeeded, "\(shot.errorText.suffix(1000))")
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))  // a PNG
        #expect(image.count > 50_000, "a blank page compresses to a few KiB; got \(image.count) bytes")

        let dom = try await ProcessRunner.run(
            chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://\(page)"],
            output: .capture(limit: 16 << 20), timeout: .seconds(120))
        #expect(dom.succeeded)
        #expect(dom.outputText.contains("id=\"culprit\">\(culprit)</dd>"))
        #expect(dom.outputText.contains("<svg") && dom.outputText.contains("Revisions tested"))
    }
}
