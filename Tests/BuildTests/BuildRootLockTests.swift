import Build
import Foundation
import Model
import Synchronization
import Testing

/// Two holders of one build root, one of them another process (`flock(1)`), never build at once.
struct BuildRootLockTests {
    static let hasFlock = FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")

    @Test(.enabled(if: hasFlock, "needs flock(1) from util-linux"))
    func waitsForAnotherProcessHoldingTheRoot() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-lock-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // Another process takes the lock, says so, and holds it for a while.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["-x", root + "/lock", "-c", "echo held; sleep 2"]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        let said = pipe.fileHandleForReading.availableData
        #expect(String(decoding: said, as: UTF8.self).hasPrefix("held"))
        let waited = Mutex(false)
        let lock = try await BuildRootLock.acquire(root, poll: .milliseconds(20)) { waited.withLock { $0 = true } }
        // We got the root only once the other process had let it go.
        #expect(!holder.isRunning)
        #expect(waited.withLock { $0 })
        // And while we hold it, another holder waits (here: flock -n fails at once).
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        probe.arguments = ["-n", root + "/lock", "true"]
        try probe.run()
        probe.waitUntilExit()
        #expect(probe.terminationStatus != 0)
        withExtendedLifetime(lock) {}
    }

    @Test func cancellingAWaitEndsIt() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-lock-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try await BuildRootLock.acquire(root)
        let waiter = Task { try await BuildRootLock.acquire(root, poll: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        let result = await waiter.result
        #expect(throws: CulpritError.self) { _ = try result.get() }
        withExtendedLifetime(first) {}
        // Released with its holder: the next one gets it at once.
        _ = consume first
        _ = try await BuildRootLock.acquire(root)
    }
}
