import Backends
import Foundation
import JobConfig
import Logging
import ServiceLifecycle
import Model
import Support
import TestSupport
import Testing

@testable import Store

@testable import Server

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Real pieces for the service tests: small git repositories with a planted bug, stores, a
/// running server on a free loopback port, and an HTTP client.
enum ServiceFixture {
    static let postgresURL = ProcessInfo.processInfo.environment["CULPRIT_TEST_POSTGRES_URL"]

    static func temporaryDirectory(_ name: String) throws -> String {
        // Every service test starts with a directory: the backends its job specs name.
        BackendRegistry.registerBuiltIn()
        return try TestSupport.temporaryDirectory(name)
    }

    /// A repository of `commits` commits where commit number `culprit` (1-based) plants the bug
    /// (`state.txt` says BUG from there on); returns its path and the commits' hashes.
    static func plantedRepository(at path: String, commits: Int = 24, culprit: Int) async throws -> (path: String, hashes: [String]) {
        let env: [String: String?] = [
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "Ann Author",
            "GIT_AUTHOR_EMAIL": "ann@example.org", "GIT_COMMITTER_NAME": "Ann Author",
            "GIT_COMMITTER_EMAIL": "ann@example.org",
        ]
        func git(_ args: [String]) async throws -> String {
            let r = try await ProcessRunner.run("git", args, directory: path, environment: env)
            guard r.succeeded else { throw CulpritError.infrastructure("git \(args) failed: \(r.tail(5))") }
            return r.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        _ = try await git(["init", "-q", "-b", "master"])
        var hashes: [String] = []
        for n in 1...commits {
            try "commit \(n)\n".write(toFile: path + "/log.txt", atomically: true, encoding: .utf8)
            try (n >= culprit ? "BUG\n" : "fine\n").write(toFile: path + "/state.txt", atomically: true, encoding: .utf8)
            _ = try await git(["add", "-A"])
            _ = try await git(["commit", "-q", "-m", n == culprit ? "cache: free the entry early" : "change \(n)"])
            hashes.append(try await git(["rev-parse", "HEAD"]))
        }
        return (path, hashes)
    }

    /// A job spec for such a repository: the test crashes (with a KASAN-like report) where the bug
    /// is. With `gate`, every run first waits until that file exists (to hold a job running);
    /// with `started`, every run first leaves a file `run-PID` in that directory.
    static func spec(
        repository: String, good: String, runSeconds: Double = 0, runs: Int = 3, gate: String? = nil, started: String? = nil
    ) -> String {
        let mark = started.map { "touch '\($0)'/run-$$; " } ?? ""
        let wait = mark + (gate.map { "while [ ! -e '\($0)' ]; do sleep 0.1; done; " } ?? "")
        let test =
            wait + "sleep \(runSeconds); if grep -q BUG state.txt; then echo 'BUG: KASAN: use-after-free in cache_get'; exit 1; fi"
        let object: [String: Any] = [
            "repo": repository, "bad": "master", "good": good, "build": "test -f state.txt", "test": test,
            "runs": runs, "jobs": 2, "confidence": 0.95,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A fresh store location: a temporary SQLite directory, or a new database on the test PostgreSQL.
    static func freshLocation(postgres: Bool) async throws -> StoreLocation {
        guard postgres else { return .sqlite(directory: try temporaryDirectory("store")) }
        let base = try #require(postgresURL)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await SQLJobStore.open(.postgres(url: base))
        try await admin.withDatabase { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
        try await admin.close()
        var c = try #require(URLComponents(string: base))
        c.path = "/" + name
        return .postgres(url: try #require(c.string))
    }

    /// Runs a server (and `services` beside it) on a free port while `body` runs with its URL.
    static func withServer<T: Sendable>(
        store: SQLJobStore, services: [any Service] = [], settings: ServerSettings = ServerSettings(port: 0),
        _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        BackendRegistry.registerBuiltIn()
        var logger = Logger(label: "test.server")
        logger.logLevel = .warning
        let server = try await CulpritServer(store: store, settings: settings, logger: logger)
        let (urls, continuation) = AsyncStream.makeStream(of: String.self)
        let app = server.application { url in continuation.yield(url) }
        let group = ServiceGroup(configuration: .init(services: [app] + services, logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = urls.makeAsyncIterator()
            guard let url = await iterator.next() else { throw CulpritError.infrastructure("the server did not start") }
            do {
                let value = try await body(url)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// One HTTP exchange: status, body text.
    static func http(
        _ method: String, _ url: String, body: String? = nil, token: String? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// Polls `find` every 200 ms until it gives a value, up to `timeout`.
    static func poll<T: Sendable>(
        _ what: String, timeout: Duration = .seconds(300), _ find: @Sendable () async throws -> T?
    ) async throws -> T {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if let value = try await find() { return value }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CulpritError.infrastructure("timed out waiting for \(what)")
    }

    /// Waits until `condition` holds, checking every 200 ms, up to `timeout`.
    static func wait(
        _ what: String, timeout: Duration = .seconds(300), _ condition: @Sendable () async throws -> Bool
    ) async throws {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CulpritError.infrastructure("timed out waiting for \(what)")
    }
}
