import Foundation
import Model
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `culprit serve` as a process: SIGTERM stops it gracefully, even with an event stream open.
@Suite("culprit serve shutdown")
struct ServeShutdownTests {
    @Test(
        "SIGTERM with an event stream open: the stream ends, serve exits 0",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "needs curl (Debian's curl)"),
        .timeLimit(.minutes(10)))
    func sigtermEndsOpenStreams() async throws {
        let root = try ServiceFixture.temporaryDirectory("serve-stop")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A queued job that no worker runs (--workers 0): its event stream stays open.
        let store = try await SQLJobStore.open(.sqlite(directory: root + "/data"))
        let job = try await store.submit(
            NewJob(
                spec: ServiceFixture.spec(repository: "/nonexistent", good: "HEAD~1"), backend: "command",
                repository: "/nonexistent", bad: "master"))
        try await store.close()

        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: try MultiWorkerTests.culprit())
        serve.arguments = ["serve", "--data", root + "/data", "--port", "0", "--workers", "0"]
        FileManager.default.createFile(atPath: root + "/serve.out", contents: nil)
        serve.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/serve.out"))
        serve.standardError = serve.standardOutput
        try serve.run()
        defer { if serve.isRunning { kill(serve.processIdentifier, SIGKILL) } }
        let url = try await ServiceFixture.poll("serve to listen", timeout: .seconds(120)) { () -> String? in
            let out = (try? String(contentsOfFile: root + "/serve.out", encoding: .utf8)) ?? ""
            guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("culprit serve: listening on ") })
            else { return nil }
            return line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)
        }

        // The stream, followed by curl; its headers arrive once the server streams.
        let follow = Process()
        follow.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        follow.arguments = [
            "-sS", "-N", "-D", root + "/headers", "-o", root + "/stream", "\(url)/api/jobs/\(job.id)/events",
        ]
        try follow.run()
        defer { if follow.isRunning { kill(follow.processIdentifier, SIGKILL) } }
        try await ServiceFixture.wait("the event stream to open", timeout: .seconds(60)) {
            ((try? String(contentsOfFile: root + "/headers", encoding: .utf8)) ?? "").contains("text/event-stream")
        }
        #expect(follow.isRunning, "the stream of a queued job stays open")

        kill(serve.processIdentifier, SIGTERM)
        try await ServiceFixture.wait("serve to exit", timeout: .seconds(120)) { !serve.isRunning }
        let output = (try? String(contentsOfFile: root + "/serve.out", encoding: .utf8)) ?? ""
        #expect(
            serve.terminationReason == .exit && serve.terminationStatus == 0,
            "serve ended with \(serve.terminationStatus): \(output)")
        #expect(!output.contains("stopped by SIGTERM"), "the one-shot commands' hard stop is not serve's")
        try await ServiceFixture.wait("the stream to end", timeout: .seconds(30)) { !follow.isRunning }
        #expect(follow.terminationStatus == 0, "the server ended the stream cleanly (curl \(follow.terminationStatus))")
    }
}
