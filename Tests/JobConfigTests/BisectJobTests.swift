import Backends
import Build
import CommandBackend
import Foundation
import Instance
import KernelBackend
import Model
import Support
import Testing

@testable import JobConfig

@Suite struct BisectJobTests {
    init() { BackendRegistry.registerBuiltIn() }

    @Test func settingsMapToTheEngineConfigAndBackends() throws {
        var job = BisectJob()
        job.repository = "/src/repo"
        job.bad = "HEAD"
        job.good = "v1.0"
        job.fix = true
        job.strategy = "syzbot"
        job.runs = 12
        job.confidence = 0.99
        job.maxBuilds = 7
        job.maxRuns = 90
        job.stateDirectory = "state"
        job.jobs = 3
        job.timeout = 2.5
        job.backend = CommandJob(build: "make", test: "./t", artifacts: ["prog"], buildTimeout: 60)
        let config = job.makeConfig()
        #expect(config.repository == "/src/repo")
        #expect(config.bad == "HEAD")
        #expect(config.good == "v1.0")
        #expect(config.mode == .fix)
        #expect(config.strategy == .syzbot2019, "syzbot: the deprecated name of syzbot-2019")
        #expect(config.runs == 12)
        #expect(config.confidence == 0.99)
        #expect(config.maxBuilds == 7)
        #expect(config.maxRuns == 90)
        #expect(config.stateDirectory == FileManager.default.currentDirectoryPath + "/state")
        #expect(config.backendIdentity.contains("make"))
        var other = job
        other.backend = CommandJob(build: "make -j2", test: "./t")
        #expect(other.makeConfig().backendIdentity != config.backendIdentity)

        let builder = try #require(job.makeBuilder(workRoot: "/nonexistent") as? CommandBuilder)
        #expect(builder.command == "make")
        #expect(builder.artifacts == ["prog"])
        #expect(builder.timeout == .seconds(60))
        let tester = try #require(job.makeTester(workRoot: "/nonexistent") as? CommandTester)
        #expect(tester.command == "./t")
        #expect(tester.jobs == 3)
        #expect(tester.timeout == .milliseconds(2500))
    }

    @Test func defaultsAreTheEngines() {
        var job = BisectJob()
        job.repository = "/r"
        job.bad = "HEAD"
        let config = job.makeConfig()
        #expect(config.mode == .cause)
        #expect(config.strategy == .bayes)
        #expect(config.good == nil)
        #expect(config.stateDirectory == nil)
    }

    /// A kernel job's build root is in the repository's git data, never in a checkout: not in a
    /// linked worktree, not in a submodule's work tree.
    @Test func kernelRootIsUnderTheCommonGitDirectory() async throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-root-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: top) }
        func git(_ arguments: String..., in directory: String) async throws {
            let r = try await ProcessRunner.run(
                "git", ["-c", "user.name=A", "-c", "user.email=a@x", "-c", "protocol.file.allow=always"] + arguments,
                directory: directory)
            guard r.succeeded else { throw CulpritError.infrastructure("git \(arguments): \(r.errorText)") }
        }
        let repo = top + "/repo"
        let sub = top + "/sub"
        for dir in [repo, sub] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try await git("init", "-q", "-b", "main", in: dir)
            try await git("commit", "-q", "--allow-empty", "-m", "one", in: dir)
        }
        let linked = top + "/linked"
        try await git("worktree", "add", "-q", "--detach", linked, in: repo)
        let common = URL(fileURLWithPath: repo + "/.git").resolvingSymlinksInPath().path
        for path in [repo, linked, linked + "/"] {
            let root = URL(fileURLWithPath: try #require(await KernelJob().workRoot(repository: path)))
                .resolvingSymlinksInPath().path
            #expect(root == common + "/culprit/kernel")
        }
        // A submodule: its git data lives in the superproject's .git/modules, not in its checkout.
        try await git("submodule", "add", "-q", sub, "sub", in: repo)
        let root = URL(fileURLWithPath: try #require(await KernelJob().workRoot(repository: repo + "/sub")))
            .resolvingSymlinksInPath().path
        #expect(root.hasPrefix(common + "/modules/"))
    }
}
