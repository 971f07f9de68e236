import Bisect
import Build
import Foundation
import Instance
import Testing

@Suite struct BisectJobTests {
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
        job.backend = .command(.init(build: "make", test: "./t", artifacts: ["prog"], buildTimeout: 60))
        let config = job.makeConfig()
        #expect(config.repository == "/src/repo")
        #expect(config.bad == "HEAD")
        #expect(config.good == "v1.0")
        #expect(config.mode == .fix)
        #expect(config.strategy == .syzbot)
        #expect(config.runs == 12)
        #expect(config.confidence == 0.99)
        #expect(config.maxBuilds == 7)
        #expect(config.maxRuns == 90)
        #expect(config.stateDirectory == FileManager.default.currentDirectoryPath + "/state")
        #expect(config.backendIdentity.contains("make"))
        var other = job
        other.backend = .command(.init(build: "make -j2", test: "./t"))
        #expect(other.makeConfig().backendIdentity != config.backendIdentity)

        let builder = try #require(job.makeBuilder() as? CommandBuilder)
        #expect(builder.command == "make")
        #expect(builder.artifacts == ["prog"])
        #expect(builder.timeout == .seconds(60))
        let tester = try #require(job.makeTester() as? CommandTester)
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
}
