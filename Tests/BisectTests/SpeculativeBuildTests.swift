import Foundation
import Model
import Support
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `culprit bisect --speculative-builds` end to end: the real executable, a real git repository,
/// a build command that takes seconds and a test command, both real processes.
@Suite(.serialized) struct SpeculativeBuildTests {
    /// A 40-commit history whose commit 23 plants the bug; builds sleep 2 s, runs 1 s. Each
    /// build and run appends its commit (and run index) to a file outside the work trees.
    struct Setup {
        let repo: GitRepository
        let hashes: [String]
        let dir: String

        init() async throws {
            repo = try await GitRepository.scripted()
            hashes = try await repo.linear(40) { $0 == 23 ? ["bug": "1"] : [:] }
            dir = try TestSupport.temporaryDirectory("speculative")
        }

        func arguments(state: String, speculative: Bool) -> [String] {
            let build = "echo \"$CULPRIT_COMMIT\" >> \(dir)/builds-\(state); sleep 2; "
                + "if [ -f bug ]; then echo 1; else echo 0; fi > out"
            let test = "echo \"$CULPRIT_COMMIT $CULPRIT_RUN\" >> \(dir)/tests-\(state); sleep 1; "
                + "[ \"$(cat out)\" = 0 ]"
            return [
                "bisect", "--repo", repo.path, "--bad", hashes[39], "--good", hashes[0], "--build", build, "--test",
                test, "--runs", "2", "--jobs", "2", "--state", dir + "/" + state,
            ] + (speculative ? ["--speculative-builds"] : [])
        }

        func lines(_ name: String) -> [String] {
            ((try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? "").split(separator: "\n").map(
                String.init)
        }

        func remove() {
            repo.remove()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    /// Same answer with and without speculation; the speculative job's log names each
    /// speculative build as used or wasted, and its journal holds every build the commands made.
    @Test(.tags(.heavy)) func speculativeBuildsGiveTheSameAnswerSooner() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        let culprit = try TestSupport.culpritExecutable()
        var seconds: [Bool: Double] = [:]
        var outputs: [Bool: String] = [:]
        for speculative in [false, true] {
            let started = ContinuousClock.now
            let r = try await ProcessRunner.run(
                culprit, setup.arguments(state: speculative ? "spec" : "plain", speculative: speculative),
                mergeStandardError: true, timeout: .seconds(600))
            seconds[speculative] = (ContinuousClock.now - started).seconds
            outputs[speculative] = r.outputText
            #expect(r.status == .exited(0), "\(r.outputText.suffix(3000))")
            #expect(r.outputText.contains("first bad commit: \(setup.hashes[23])"), "\(r.outputText.suffix(3000))")
        }
        let log = outputs[true] ?? ""
        #expect(log.contains("speculative build of "))
        #expect(log.contains(" used ("), "no speculative build was used:\n\(log.suffix(3000))")
        #expect(!(outputs[false] ?? "").contains("speculative build"))
        // The journal records every build that ended (a cancelled one records nothing).
        let journal = (try? String(contentsOfFile: setup.dir + "/spec/journal.jsonl", encoding: .utf8)) ?? ""
        let started = journal.components(separatedBy: "\"build_started\"").count - 1
        let finished = journal.components(separatedBy: "\"build_finished\"").count - 1
        let cancelled = log.components(separatedBy: "wasted: cancelled").count - 1
        #expect(started == setup.lines("builds-spec").count)
        #expect(finished + cancelled == started, "journal: \(started) started, \(finished) finished, \(cancelled) cancelled")
        let plainBuilds = setup.lines("builds-plain").count
        let specBuilds = setup.lines("builds-spec").count
        print(
            "speculative builds: wall-clock \(String(format: "%.1f", seconds[false] ?? 0)) s -> "
                + "\(String(format: "%.1f", seconds[true] ?? 0)) s, builds \(plainBuilds) -> \(specBuilds) "
                + "(\(cancelled) cancelled), runs \(setup.lines("tests-plain").count) -> \(setup.lines("tests-spec").count)")
    }

    /// Killed with SIGKILL while speculating, the same command resumes to the same answer, redoing
    /// no recorded run; no build process of the killed job outlives it.
    @Test(.tags(.heavy)) func aKilledSpeculativeJobResumes() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        let culprit = try TestSupport.culpritExecutable()
        let arguments = setup.arguments(state: "state", speculative: true)
        let dir = setup.dir
        let first = Task {
            try await ProcessRunner.run(
                "/bin/sh", ["-c", "echo $$ > \"$0/pid\"; exec \"$@\"", dir, culprit] + arguments,
                output: .file(dir + "/first.log"), mergeStandardError: true, timeout: .seconds(600))
        }
        let deadline = ContinuousClock.now + .seconds(300)
        while setup.lines("builds-state").count < 5 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let pid = try #require(Int32(setup.lines("pid").first ?? ""))
        #expect(kill(pid, SIGKILL) == 0)
        let killed = try await first.value
        #expect(killed.status == .signalled(SIGKILL))
        try await Task.sleep(for: .seconds(3))  // a build or run started finishes or dies on its own
        let before = setup.lines("tests-state")
        let journal = (try? String(contentsOfFile: dir + "/state/journal.jsonl", encoding: .utf8)) ?? ""
        let second = try await ProcessRunner.run(culprit, arguments, mergeStandardError: true, timeout: .seconds(600))
        #expect(second.status == .exited(0), "second run: \(second.outputText.suffix(3000))")
        #expect(second.outputText.contains("first bad commit: \(setup.hashes[23])"))
        #expect(second.outputText.contains("resuming"))
        // No run the first process recorded is made again.
        let recorded = Set(
            journal.split(separator: "\n").filter { $0.contains("\"run_finished\"") }.compactMap { line -> String? in
                guard let c = setup.hashes.first(where: { line.contains($0) }),
                    let range = line.range(of: "\"index\":")
                else { return nil }
                let digits = line[range.upperBound...].prefix { $0.isNumber }
                return "\(c) \(digits)"
            })
        #expect(!recorded.isEmpty)
        let after = Array(setup.lines("tests-state").dropFirst(before.count))
        #expect(recorded.isDisjoint(with: after), "recorded runs made again: \(recorded.intersection(after).sorted())")
    }
}
