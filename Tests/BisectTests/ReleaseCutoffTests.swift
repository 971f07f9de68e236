import Bisect
import Build
import Foundation
import JobConfig
import KernelBackend
import Model
import TestSupport
import Testing

/// The release walk stops at the oldest release the compilers build (the real walk, over real
/// git repositories with release tags, scripted build and test).
struct ReleaseCutoffTests {
    @Test func theWalkStopsAtTheCutoffWithAClearMessage() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        // The bug is everywhere: every release crashes.
        let hashes = try await repo.linear(16) { $0 == 0 ? ["bug": "1"] : [:] }
        try await repo.git("tag", "v4.19", hashes[2])
        try await repo.git("tag", "v5.4", hashes[5])
        try await repo.git("tag", "v5.10", hashes[8])
        try await repo.git("tag", "v6.1", hashes[12])
        let builder = ScriptedBuilder()
        let (result, events) = try await BisectionTests.run(repo, bad: hashes[15], good: nil, builder: builder) {
            $0.releaseCutoff = .init(major: 5, minor: 10, reason: "gcc-12 builds 5.10–")
        }
        #expect(result.outcome == .noCleanRelease)
        #expect(events.text.contains("testing release v6.1"))
        #expect(events.text.contains("testing release v5.10"))
        #expect(!events.text.contains("testing release v5.4"))
        #expect(!events.text.contains("testing release v4.19"))
        #expect(!builder.builds.withLock { $0 }.contains(hashes[5]))
        #expect(
            result.reason.contains(
                "the release walk stops at v5.10: every release tested crashes, and v5.4 and older are older than 5.10, gcc-12 builds 5.10–"
            ))
    }

    @Test func aCleanReleaseAboveTheCutoffStillWins() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(16) { $0 == 10 ? ["bug": "1"] : [:] }
        try await repo.git("tag", "v5.4", hashes[2])
        try await repo.git("tag", "v5.10", hashes[6])
        try await repo.git("tag", "v6.1", hashes[12])
        let (result, events) = try await BisectionTests.run(repo, bad: hashes[15], good: nil) {
            $0.releaseCutoff = .init(major: 5, minor: 10, reason: "test")
        }
        #expect(result.culprit?.hash == hashes[10])
        #expect(events.text.contains("release v5.10 (\(hashes[6])) is clean"))
    }

    @Test func everyReleaseOlderThanTheCutoff() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(6) { $0 == 0 ? ["bug": "1"] : [:] }
        try await repo.git("tag", "v4.14", hashes[1])
        try await repo.git("tag", "v4.19", hashes[3])
        let builder = ScriptedBuilder()
        let (result, events) = try await BisectionTests.run(repo, bad: hashes[5], good: nil, builder: builder) {
            $0.releaseCutoff = .init(major: 5, minor: 10, reason: "gcc-12 builds 5.10–")
        }
        #expect(result.outcome == .noCleanRelease)
        #expect(events.text.contains("no release to test: v4.19 and older are older than 5.10, gcc-12 builds 5.10–"))
        #expect(builder.builds.withLock { $0 } == [hashes[5]])
    }

    @Test func aKernelJobGetsTheCutoffOfTheInstalledCompilers() throws {
        var kernel = KernelJob()
        kernel.baseConfig = "tinyconfig"
        var job = BisectJob()
        job.repository = "/r"
        job.bad = "HEAD"
        job.backend = kernel
        let cutoff = job.makeConfig().releaseCutoff
        let installed = CompilerTable.builtIn.rows.filter { CompilerTable.isInstalled($0.cc) }
        if let oldest = installed.min(by: { $0.oldest < $1.oldest }) {
            #expect(cutoff?.major == oldest.oldest.major && cutoff?.minor == oldest.oldest.minor)
            #expect(cutoff?.reason.contains("the oldest kernel the installed compilers build") == true)
        } else {
            #expect(cutoff == nil)
        }
        // A job table of its own: no built-in cutoff.
        kernel.compilers = [.init(cc: "gcc")]
        job.backend = kernel
        #expect(job.makeConfig().releaseCutoff == nil)
    }
}
