import Backends
import Bisect
import Foundation
import JobConfig
import KernelBackend
import Model
import Support
import TestSupport
import Testing

/// A kernel job's identity names what its files hold, not where they are: the real driver over a
/// real repository, with a job file whose config, fixes and reproducer are real files. The
/// builds and runs are the scripted backends' (the identity decides which journal the driver
/// resumes, whatever builds), so a resume shows as no build made.
@Suite("Job identity")
struct JobIdentityTests {
    init() { BackendRegistry.registerBuiltIn() }

    /// A job directory: a config, a reproducer and a fixes directory with one fix.
    static func jobDirectory() throws -> String {
        let dir = try TestSupport.temporaryDirectory("identity")
        try FileManager.default.createDirectory(atPath: dir + "/fixes", withIntermediateDirectories: true)
        try "CONFIG_KASAN=y\nCONFIG_64BIT=y\n".write(toFile: dir + "/kernel.config", atomically: true, encoding: .utf8)
        try "int main(void) { return 0; }\n".write(toFile: dir + "/repro.c", atomically: true, encoding: .utf8)
        try "Fix: werror off\nConfig-Off: CONFIG_WERROR\n".write(
            toFile: dir + "/fixes/werror.fix", atomically: true, encoding: .utf8)
        return dir
    }

    static func job(_ dir: String, repo: GitRepository, bad: String, good: String, state: String? = nil) throws
        -> BisectJob
    {
        var job = try JobFile.parse(
            """
            repo: \(repo.path)
            bad: \(bad)
            good: \(good)
            kernel:
              config: kernel.config
              reproducer: repro.c
              fixes: [fixes/]
            """, relativeTo: dir)
        job.stateDirectory = state
        try job.validate()
        return job
    }

    /// Runs `job` to its end with the scripted backends: the builds made and the log.
    static func run(_ job: BisectJob) async throws -> (builds: Int, result: BisectionResult, log: String) {
        let builder = ScriptedBuilder()
        let events = EventLog()
        let bisection = try Bisection(config: job.makeConfig(), builder: builder, tester: ScriptedTester()) {
            events.record($0)
        }
        let result = try await bisection.run()
        return (builder.builds.withLock { $0.count }, result, events.text)
    }

    @Test("a fix, the config or the reproducer changed in place is another job; the same contents resume")
    func contentsMakeTheJob() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(12) { $0 == 5 ? ["bug": "1"] : [:] }
        let dir = try Self.jobDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0])
        let original = first.makeConfig().backendIdentity
        #expect(!original.contains(dir), "the identity names a path: \(original)")
        let firstRun = try await Self.run(first)
        #expect(firstRun.result.culprit?.hash == hashes[5] && firstRun.builds > 0)

        // The same files: the journal is resumed, nothing is built again.
        let again = try await Self.run(try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0]))
        #expect(again.builds == 0 && again.log.contains("resuming the job in"), "\(again.log.prefix(600))")

        // A fix file's contents changed in place (same name, same directory): another job.
        let fix = dir + "/fixes/werror.fix"
        let fixText = try String(contentsOfFile: fix, encoding: .utf8)
        try (fixText + "Config-Off: CONFIG_SLUB_TINY\n").write(toFile: fix, atomically: true, encoding: .utf8)
        let changedFix = try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0])
        // (The identity is read from the files when asked: keep it as it is now.)
        let changedFixIdentity = changedFix.makeConfig().backendIdentity
        #expect(changedFixIdentity != original)
        let afterFix = try await Self.run(changedFix)
        #expect(afterFix.builds > 0 && !afterFix.log.contains("resuming the job in"), "\(afterFix.log.prefix(600))")

        // A fix added to the fixes directory: another job again.
        try "Fix: another\nConfig-Off: CONFIG_DEBUG_INFO\n".write(
            toFile: dir + "/fixes/debug-info.fix", atomically: true, encoding: .utf8)
        let added = try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0]).makeConfig().backendIdentity
        #expect(added != original && added != changedFixIdentity)
        // The same contents under another fix name are another job too (the name is in the log).
        try FileManager.default.moveItem(atPath: dir + "/fixes/debug-info.fix", toPath: dir + "/fixes/debug.fix")
        let renamed = try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0]).makeConfig().backendIdentity
        #expect(renamed != added)
        try FileManager.default.removeItem(atPath: dir + "/fixes/debug.fix")

        // The config and the reproducer, each changed in place.
        let config = try String(contentsOfFile: dir + "/kernel.config", encoding: .utf8)
        try (config + "CONFIG_KCOV=y\n").write(toFile: dir + "/kernel.config", atomically: true, encoding: .utf8)
        let changedConfig = try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0]).makeConfig().backendIdentity
        #expect(changedConfig != changedFixIdentity)
        try config.write(toFile: dir + "/kernel.config", atomically: true, encoding: .utf8)
        let reproducer = try String(contentsOfFile: dir + "/repro.c", encoding: .utf8)
        try "int main(void) { return 1; }\n".write(toFile: dir + "/repro.c", atomically: true, encoding: .utf8)
        let changedReproducer = try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0]).makeConfig()
            .backendIdentity
        #expect(changedReproducer != changedFixIdentity)
        try reproducer.write(toFile: dir + "/repro.c", atomically: true, encoding: .utf8)

        // The fix's first contents back: the first journal is the job's again.
        try fixText.write(toFile: fix, atomically: true, encoding: .utf8)
        let restored = try Self.job(dir, repo: repo, bad: hashes[11], good: hashes[0])
        #expect(restored.makeConfig().backendIdentity == original)
        let resumed = try await Self.run(restored)
        #expect(resumed.builds == 0 && resumed.log.contains("resuming the job in"), "\(resumed.log.prefix(600))")

        // The same files copied elsewhere (another checkout of the job, another machine): the same job.
        let copy = try TestSupport.temporaryDirectory("identity-copy") + "/job"
        defer { try? FileManager.default.removeItem(atPath: (copy as NSString).deletingLastPathComponent) }
        try FileManager.default.copyItem(atPath: dir, toPath: copy)
        let copied = try Self.job(copy, repo: repo, bad: hashes[11], good: hashes[0])
        #expect(copied.makeConfig().backendIdentity == original)
        #expect(try await Self.run(copied).builds == 0)
    }

    @Test("a --state directory holding the job with other file contents is refused, saying what changed")
    func stateDirectoryOfChangedFilesIsRefused() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(8) { $0 == 3 ? ["bug": "1"] : [:] }
        let dir = try Self.jobDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = dir + "/state"
        _ = try await Self.run(try Self.job(dir, repo: repo, bad: hashes[7], good: hashes[0], state: state))
        try "Fix: werror off\nConfig-Off: CONFIG_WERROR\nConfig-Off: CONFIG_SLUB_TINY\n".write(
            toFile: dir + "/fixes/werror.fix", atomically: true, encoding: .utf8)
        let error = await #expect(throws: CulpritError.self) {
            _ = try await Self.run(try Self.job(dir, repo: repo, bad: hashes[7], good: hashes[0], state: state))
        }
        #expect(error?.code == .badInput)
        #expect(error?.message.contains("with other settings or files") == true, "\(error?.message ?? "")")
    }
}
