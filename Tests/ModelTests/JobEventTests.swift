import Foundation
import Model
import Testing

/// The event stream's JSON form is what a database, an HTTP client and the journal read: it must
/// round-trip and keep its snake_case names.
struct JobEventTests {
    static let commit = "0123456789abcdef0123456789abcdef01234567"

    static let events: [JobEvent] = [
        .jobStarted(
            .init(
                job: JobID(bad: commit, good: nil, mode: .cause, backendIdentity: "command"), bad: commit, good: nil,
                mode: .cause, strategy: .bayes, resumedBuilds: 1, resumedRuns: 8)),
        .phaseChanged(.bisecting),
        .revisionChosen(commit: commit, runs: 8, reason: "most expected information per unit of cost"),
        .buildStarted(commit: commit),
        .buildFinished(
            commit: commit,
            result: BuildResult(
                status: .built, artifact: Artifact(directory: "/w", files: ["kernel": "/w/bzImage"], signature: "ab"),
                seconds: 12.5)),
        .buildFinished(
            commit: commit, result: BuildResult(status: .failed, firstError: "a.c:1: error: x", logTail: "t", seconds: 1)),
        .runFinished(commit: commit, run: RunResult(index: 0, outcome: .ok, seconds: 0.5, logPath: "/l/run-0.log")),
        .runFinished(
            commit: commit, run: RunResult(index: 1, outcome: .crashed(title: "KASAN: x", report: "BUG"), seconds: 1)),
        .runFinished(commit: commit, run: RunResult(index: 2, outcome: .cannotTest(reason: "125"), seconds: 1)),
        .runFinished(commit: commit, run: RunResult(index: 3, outcome: .bootFailed(reason: "panic"), seconds: 1)),
        .runFinished(commit: commit, run: RunResult(index: 4, outcome: .timedOut(lastLines: "a\nb"), seconds: 1)),
        .runFinished(
            commit: commit, run: RunResult(index: 5, outcome: .infrastructureFailure(reason: "qemu"), seconds: 1)),
        .testFinished(commit: commit, runs: 6, seconds: 3.25),
        .verdict(commit: commit, verdict: .undecided, probability: 0.5),
        .verdict(commit: commit, verdict: .skip, probability: nil),
        .progress(
            BisectionProgress(
                phase: .bisecting, revisionsTested: 3, builds: 3, runs: 24, candidatesLeft: 7, bestProbability: 0.4,
                bestCandidate: commit, estimatedTestsLeft: 4, estimatedSecondsLeft: 60)),
        .line("testing commit \(commit) with gcc"),
        .result(
            BisectionResult(
                outcome: .found, mode: .cause, strategy: .bayes,
                culprit: .init(hash: commit, title: "t", author: "A <a@x>"),
                candidates: [.init(hash: commit, title: "t", probability: 0.99)], confidence: 0.99, revisionsTested: 5,
                builds: 5, testRuns: 40, buildSeconds: 10, testSeconds: 20, crash: .init(title: "KASAN: x", report: nil),
                recipients: Recipients(to: [Person(name: "A", email: "a@x", roles: ["author"])]), warnings: [],
                oldestReleaseTested: nil, reason: "confidence reached", stateDirectory: "/s")),
    ]

    @Test func everyEventRoundTrips() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for event in Self.events {
            let data = try encoder.encode(event)
            let back = try JSONDecoder().decode(JobEvent.self, from: data)
            #expect(back == event, "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func jsonNamesAreSnakeCase() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var names: [String] = []
        for event in Self.events {
            let object = try #require(
                try JSONSerialization.jsonObject(with: encoder.encode(event)) as? [String: Any])
            let name = try #require(object["event"] as? String)
            #expect(name == event.name)
            names.append(name)
        }
        #expect(
            Set(names) == [
                "job_started", "phase_changed", "revision_chosen", "build_started", "build_finished", "run_finished",
                "test_finished", "verdict", "progress", "line", "result",
            ])
        let text = try Self.events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(
            separator: "\n")
        for key in ["resumed_runs", "first_error", "log_tail", "log_path", "cannot_test", "boot_failed", "timed_out",
            "last_lines", "infrastructure_failure", "candidates_left", "best_probability", "revisions_tested"]
        {
            #expect(text.contains("\"\(key)\""), "missing \(key)")
        }
        for camel in ["resumedRuns", "firstError", "logPath", "cannotTest", "candidatesLeft", "bestProbability"] {
            #expect(!text.contains(camel), "camelCase \(camel) in the JSON form")
        }
    }

    @Test func unknownEventIsAnError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(JobEvent.self, from: Data(#"{"event":"exploded"}"#.utf8))
        }
    }
}
