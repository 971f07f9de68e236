import Foundation
import Testing

@testable import Store

/// Stores to run the same tests against: a fresh SQLite directory always, and a fresh database
/// on the PostgreSQL server named by `CULPRIT_TEST_POSTGRES_URL` (scripts/with-postgres) when set.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["CULPRIT_TEST_POSTGRES_URL"]
    static var available: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Opens a new, empty store of this kind; `body` runs with it, then it is closed.
    func withStore<T: Sendable>(_ body: (SQLJobStore) async throws -> T) async throws -> T {
        let location = try await freshLocation()
        let store = try await SQLJobStore.open(location)
        do {
            let value = try await body(store)
            try await store.close()
            return value
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// A fresh location: a temporary directory, or a new PostgreSQL database.
    func freshLocation() async throws -> StoreLocation {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-store-\(UUID().uuidString)")
            return .sqlite(directory: dir.path)
        case .postgres:
            let base = try #require(Self.postgresURL)
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let admin = try await SQLJobStore.open(.postgres(url: base))
            try await admin.withDatabase { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
            try await admin.close()
            var c = try #require(URLComponents(string: base))
            c.path = "/" + name
            return .postgres(url: try #require(c.string))
        }
    }
}

/// Why the PostgreSQL variants do not run, when they do not.
let postgresSkipReason: Comment =
    "CULPRIT_TEST_POSTGRES_URL is not set: run under scripts/with-postgres to test against PostgreSQL"

func sampleJob(_ n: Int, backend: String = "command", priority: Int = 0) -> NewJob {
    NewJob(
        spec: #"{"repo":"https://example.org/r\#(n).git","bad":"HEAD"}"#, backend: backend,
        repository: "https://example.org/r\(n).git", bad: "HEAD", priority: priority, submittedBy: "test")
}
