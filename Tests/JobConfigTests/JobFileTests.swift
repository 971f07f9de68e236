import Backends
import CommandBackend
import JobConfig
import Foundation
import Model
import Support
import Testing

@Suite struct JobFileTests {
    init() { BackendRegistry.registerBuiltIn() }

    static func problems(_ yaml: String) -> String {
        do {
            _ = try JobFile.parse(yaml, name: "job.yml", relativeTo: "/jobs")
            return ""
        } catch let error as CulpritError {
            #expect(error.code == .badInput)
            return error.message
        } catch {
            return "unexpected error \(error)"
        }
    }

    @Test func readsEverySetting() throws {
        let job = try JobFile.parse(
            """
            repo: ../src/kvcache
            bad: master
            good: v1.2
            fix: yes
            strategy: syzbot
            runs: 10
            jobs: 2
            timeout: 90
            confidence: 0.99
            max-builds: 20
            max-runs: 300
            json: out/result.json
            state: /var/tmp/state
            build: make -j2 CFLAGS='-fsanitize=address'
            test: ./repro.sh
            artifacts: [kvcache, lib/libkv.so]
            build-timeout: 1800
            """, name: "job.yml", relativeTo: "/jobs")
        #expect(job.repository == "/jobs/../src/kvcache")
        #expect(job.bad == "master")
        #expect(job.good == "v1.2")
        #expect(job.fix == true)
        #expect(job.strategy == "syzbot")
        #expect(job.runs == 10)
        #expect(job.jobs == 2)
        #expect(job.timeout == 90)
        #expect(job.confidence == 0.99)
        #expect(job.maxBuilds == 20)
        #expect(job.maxRuns == 300)
        #expect(job.json == "/jobs/out/result.json")
        #expect(job.stateDirectory == "/var/tmp/state")
        #expect(
            job.backend as? CommandJob
                == CommandJob(
                    build: "make -j2 CFLAGS='-fsanitize=address'", test: "./repro.sh",
                    artifacts: ["kvcache", "lib/libkv.so"], buildTimeout: 1800))
    }

    @Test func eachBadSettingIsReportedWithItsLine() {
        let message = Self.problems(
            """
            repo: /tmp
            max-run: 5
            runs: many
            fix: maybe
            jobs: [1, 2]
            confidence: 1.5
            bad:
            """)
        #expect(message.contains("job.yml has 6 problems"))
        #expect(message.contains("job.yml:2: unknown setting 'max-run'; did you mean 'max-runs'?"))
        #expect(message.contains("job.yml:3: 'runs' must be a whole number, not 'many'"))
        #expect(message.contains("job.yml:4: 'fix' must be true or false, not 'maybe'"))
        #expect(message.contains("job.yml:5: 'jobs' must be a whole number, not a list or a mapping"))
        #expect(message.contains("job.yml:7: 'bad' has no value"))
        #expect(message.contains("confidence must be between 0.5 and 1"))
    }

    @Test func structuralProblemsAreClear() {
        #expect(Self.problems("").contains("job.yml is empty"))
        #expect(Self.problems("runs: 1\nruns: 2\n").contains("duplicated key(s): 'runs'"))
        #expect(Self.problems("- repo\n- bad\n").contains("must be a mapping of settings"))
        #expect(Self.problems("repo: [unclosed\n").contains("job.yml is not valid YAML"))
        #expect(Self.problems("colour: blue\n").contains("unknown setting 'colour'") == true)
        #expect(!Self.problems("colour: blue\n").contains("did you mean"))
        #expect(Self.problems("strategy: random\n").contains("unknown strategy 'random': use 'bayes', 'syzkaller', 'syzbot-2019' ('syzbot' still names 'syzbot-2019')"))
    }

    @Test func missingFileIsBadInput() {
        #expect(
            throws: CulpritError.badInput(
                "cannot read the job file /nonexistent/job.yml: check the path and its permissions")
        ) {
            try JobFile.load("/nonexistent/job.yml")
        }
    }

    @Test func commandLineOverridesTheFileAndValidationListsWhatIsMissing() throws {
        let file = try JobFile.parse("repo: /tmp\nbad: HEAD\nruns: 4\ntest: ./repro\n", relativeTo: "/")
        var cli = BisectJob()
        cli.runs = 12
        cli.backend = CommandJob(build: "make")
        let job = file.overridden(by: cli)
        #expect(job.runs == 12)
        #expect(job.bad == "HEAD")
        #expect(job.backend as? CommandJob == CommandJob(build: "make", test: "./repro"))
        try job.validate()

        let empty = BisectJob().problems()
        #expect(empty.contains("no repository: give --repo DIR (or 'repo:' in the job file)"))
        #expect(empty.contains { $0.hasPrefix("no bad revision") })
        #expect(empty.contains { $0.hasPrefix("no build and test commands") })
        var same = job
        same.good = "HEAD"
        #expect(same.problems() == ["the good and bad revisions are both 'HEAD'"])
        var notDirectory = job
        notDirectory.repository = "/nonexistent/repo"
        #expect(notDirectory.problems().first?.contains("is not a directory") == true)
    }

    @Test func loadsRelativeToTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-job-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "repo: repo\njson: r.json\n".write(toFile: dir + "/job.yml", atomically: true, encoding: .utf8)
        let job = try JobFile.load(dir + "/job.yml")
        #expect(job.repository == dir + "/repo")
        #expect(job.json == dir + "/r.json")
    }
}

/// The command line and a job file are one configuration path: the same settings give the same
/// `JobSpec`, and the command line's values win when both are given.
@Suite struct OneConfigurationPathTests {
    init() { BackendRegistry.registerBuiltIn() }

    /// The settings as `culprit bisect` makes them from its options (BisectCommand.commandLineJob).
    static func commandLine(runs: Int? = 12) -> BisectJob {
        var job = BisectJob()
        job.repository = "/src/kv"
        job.bad = "master"
        job.good = "v1.2"
        job.fix = true
        job.strategy = "syzbot"
        job.runs = runs
        job.jobs = 2
        job.timeout = 90
        job.confidence = 0.99
        job.maxBuilds = 20
        job.backend = CommandJob(build: "make -j2", test: "./repro.sh", artifacts: ["kv"], buildTimeout: 1800)
        return job
    }

    static let file = """
        repo: /src/kv
        bad: master
        good: v1.2
        fix: true
        strategy: syzbot
        runs: 12
        jobs: 2
        timeout: 90
        confidence: 0.99
        max-builds: 20
        build: make -j2
        test: ./repro.sh
        artifacts: [kv]
        build-timeout: 1800
        """

    @Test func theCommandLineAndAJobFileGiveTheSameSpec() throws {
        let fromFile = try JobFile.parse(Self.file, relativeTo: "/")
        let spec = try Self.commandLine().spec()
        #expect(try fromFile.spec() == spec)
        #expect(spec.mode == .fix && spec.strategy == .syzbot2019 && spec.budgets.runs == 12 && spec.parallelRuns == 2)
        #expect(spec.backend.kind == "command")
        #expect(spec.backend.settings["build"] == .string("make -j2"))
        #expect(spec.backend.settings["build-timeout"] == .number(1800))
        // The command line's values win over the file's; what it leaves out comes from the file.
        var cli = BisectJob()
        cli.runs = 4
        cli.backend = CommandJob(test: "./other.sh")
        let merged = try fromFile.overridden(by: cli).spec()
        #expect(merged.budgets.runs == 4)
        #expect(merged.backend.settings["test"] == .string("./other.sh"))
        #expect(merged.backend.settings["build"] == .string("make -j2"))
        #expect(merged.good == "v1.2")
    }

    @Test func aKernelSectionBecomesTheKernelBackendsSpec() throws {
        let job = try JobFile.parse(
            "repo: /src/linux\nbad: HEAD\nkernel:\n  base-config: tinyconfig\n  reproducer: /dev/null\n  vms: 2\n",
            relativeTo: "/")
        let spec = try job.spec()
        #expect(spec.backend.kind == "kernel")
        #expect(
            spec.backend.settings
                == .object([
                    "base-config": .string("tinyconfig"), "reproducer": .string("/dev/null"), "vms": .number(2),
                ]))
    }

    @Test("minimize-config is in the spec, the same from the job file and the command line, and round-trips")
    func minimizeConfigIsInTheSpec() throws {
        let file = try JobFile.parse(
            "repo: /src/linux\nbad: HEAD\nminimize-config: true\nkernel:\n  config: /dev/null\n  reproducer: /dev/null\n",
            relativeTo: "/")
        let spec = try file.spec()
        #expect(spec.minimizeConfig == true)
        var cli = try JobFile.parse(
            "repo: /src/linux\nbad: HEAD\nkernel:\n  config: /dev/null\n  reproducer: /dev/null\n", relativeTo: "/")
        #expect(try cli.spec().minimizeConfig == nil)
        cli.minimizeConfig = true  // what --minimize-config sets
        #expect(try cli.spec() == spec)
        let data = try JSONEncoder().encode(spec)
        #expect(String(decoding: data, as: UTF8.self).contains("\"minimize_config\":true"))
        #expect(try JSONDecoder().decode(JobSpec.self, from: data) == spec)
    }

    @Test func aSpecNeedsTheRepositoryTheBadRevisionAndABackend() {
        let error = #expect(throws: CulpritError.self) { try BisectJob().spec() }
        #expect(error?.message.contains("the repository, the bad revision, the build and test settings") == true)
    }
}
