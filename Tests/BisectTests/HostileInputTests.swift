import Foundation
import Support
import TestSupport
import Testing

/// Bad input and a damaged repository, through the built `culprit`: a clear message naming the
/// problem and the exit status that says whose problem it is, never a crash.
@Suite(.serialized) struct HostileInputTests {
    private func repository() async throws -> (GitRepository, [String]) {
        let repository = try await GitRepository.scripted()
        return (repository, try await repository.linear(4) { ["f": "\($0)"] })
    }

    private func bisect(_ repository: GitRepository, _ hashes: [String], _ extra: [String], test: String = "true")
        async throws -> ProcessResult
    {
        try await DemoTests.run(
            [
                "bisect", "--repo", repository.path, "--bad", hashes.last!, "--good", hashes[0], "--build", "true",
                "--test", test,
            ] + extra, timeout: .seconds(120))
    }

    @Test func hugeAndInfiniteTimeoutsAreRefusedClearly() async throws {
        let (repository, hashes) = try await repository()
        defer { repository.remove() }
        for extra in [
            ["--timeout", "inf"], ["--timeout", "1e16"], ["--timeout", "1e300"], ["--timeout", "1e10"],
            ["--build-timeout", "inf"],
        ] {
            let r = try await bisect(repository, hashes, extra)
            #expect(r.status == .exited(64), "\(extra): \(r.status) \(r.errorText)")
            #expect(r.errorText.contains("must be at most 315360000 seconds"), "\(extra): \(r.errorText)")
        }
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "repo: \(repository.path)\nbad: HEAD\nbuild: true\ntest: true\nbuild-timeout: 1e300\n".write(
            toFile: dir + "/job.yml", atomically: true, encoding: .utf8)
        let file = try await DemoTests.run(["bisect", "--job", dir + "/job.yml"])
        #expect(file.status == .exited(64), "\(file.errorText)")
        #expect(file.errorText.contains("build-timeout must be at most"), "\(file.errorText)")
    }

    @Test func negativeRunsSaysWhatIsWrong() async throws {
        let (repository, hashes) = try await repository()
        defer { repository.remove() }
        let r = try await bisect(repository, hashes, ["--runs", "-1"])
        #expect(r.status == .exited(64))
        #expect(r.errorText.contains("runs must be between 1 and 1000, not -1"), "\(r.errorText)")
    }

    @Test func jobFileInLatin1NamesTheLineAndTheByte() async throws {
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = Array("repo: .\nbad: HEAD\nbuild: true\ntest: echo caf".utf8)
        bytes += [0xE9, 0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/job.yml"))
        let r = try await DemoTests.run(["bisect", "--job", dir + "/job.yml"])
        #expect(r.status == .exited(64))
        #expect(r.errorText.contains("job.yml:4: the job file is not UTF-8 text (byte 0xE9"), "\(r.errorText)")
    }

    @Test func unusableJSONPathIsRefusedBeforeTheBisection() async throws {
        let (repository, hashes) = try await repository()
        defer { repository.remove() }
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let marker = "touch \(dir)/tested"
        let missing = try await bisect(repository, hashes, ["--json", dir + "/no/such/dir/r.json"], test: marker)
        #expect(missing.status == .exited(64))
        #expect(missing.errorText.contains("does not exist: create it first"), "\(missing.errorText)")
        let directory = try await bisect(repository, hashes, ["--json", dir], test: marker)
        #expect(directory.status == .exited(64))
        #expect(directory.errorText.contains("is a directory: give a file name"), "\(directory.errorText)")
        #expect(!directory.errorText.contains("NSCocoaErrorDomain"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/tested"), "no test ran before the refusal")
    }

    @Test func removedWorktreeRegistrationIsAnInfrastructureError() async throws {
        let (repository, hashes) = try await repository()
        defer { repository.remove() }
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The test removes the repository's work-tree registrations while the job runs.
        let test = "rm -rf \(repository.path)/.git/worktrees; test \"$(cat f)\" -lt 2"
        let r = try await bisect(repository, hashes, ["--state", dir + "/state", "--runs", "2"], test: test)
        #expect(r.status == .exited(69), "\(r.status) \(r.errorText)")
        #expect(r.errorText.contains("git cannot work in the job's work tree"), "\(r.errorText)")
        #expect(!r.errorText.contains("unknown revision"))
    }

    @Test func htmlPageIsWrittenWhenTheJobEndsOrRefusedBeforeIt() async throws {
        let (repository, hashes) = try await repository()
        defer { repository.remove() }
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let crashes = "test \"$(cat f)\" -lt 2"
        let refused = try await bisect(
            repository, hashes, ["--html", dir + "/no/such/dir/page.html", "--state", dir + "/refused"],
            test: "touch \(dir)/tested; " + crashes)
        #expect(refused.status == .exited(64), "\(refused.status) \(refused.errorText)")
        #expect(refused.errorText.contains("--html") && refused.errorText.contains("does not exist"), "\(refused.errorText)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/tested"), "a test ran before the refusal")

        let r = try await bisect(
            repository, hashes, ["--html", dir + "/page.html", "--state", dir + "/state", "--runs", "2"], test: crashes)
        #expect(r.status == .exited(0), "\(r.status) \(r.errorText)")
        let page = try String(contentsOfFile: dir + "/page.html", encoding: .utf8)
        #expect(page.contains("id=\"culprit\">\(hashes[2])</dd>"), "the culprit is not on the page")
        #expect(page.contains("<table id=\"timeline\">") && page.contains("<svg"))
        #expect(r.outputText.contains("wrote the job's page to \(dir)/page.html"))
    }
}

/// One configuration path through the built `culprit`: the options and a job file that say the
/// same print the same job spec.
@Suite struct JobSpecCommandTests {
    @Test func theOptionsAndAJobFileGiveTheSameSpec() async throws {
        let dir = try DemoTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let options = try await DemoTests.run([
            "bisect", "--repo", dir, "--bad", "master", "--good", "v1.2", "--runs", "12", "--jobs", "2",
            "--build", "make -j2", "--test", "./repro.sh", "--artifact", "kv", "--strategy", "syzbot", "--spec",
        ])
        try """
            repo: \(dir)
            bad: master
            good: v1.2
            runs: 12
            jobs: 2
            strategy: syzbot
            build: make -j2
            test: ./repro.sh
            artifacts: [kv]
            """.write(toFile: dir + "/job.yml", atomically: true, encoding: .utf8)
        let file = try await DemoTests.run(["bisect", "--job", dir + "/job.yml", "--spec"])
        #expect(options.status == .exited(0), "\(options.errorText)")
        #expect(file.status == .exited(0), "\(file.errorText)")
        #expect(options.outputText == file.outputText)
        #expect(options.outputText.contains("\"kind\" : \"command\""), "\(options.outputText)")
        #expect(options.outputText.contains("\"build\" : \"make -j2\""), "\(options.outputText)")
        // `syzbot` is the deprecated name of the 2019 rule: both paths give its current name.
        #expect(options.outputText.contains("\"strategy\" : \"syzbot-2019\""), "\(options.outputText)")
    }
}
