import Bisect
import Foundation
import Model
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `culprit jobs` / `culprit clean` over real repositories with real work trees.
struct LocalJobTests {
    @Test func listsAJobThenCleansItKeepingTheJournalThenRemovesIt() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(12) { $0 == 5 ? ["bug": "1"] : [:] }
        let (result, _) = try await BisectionTests.run(repo, bad: hashes[11], good: hashes[0])
        let jobs = try await LocalJob.all(under: repo.path)
        let job = try #require(jobs.first)
        #expect(jobs.count == 1)
        #expect(job.directory == result.stateDirectory)
        #expect(job.state == .finished && job.result?.outcome == .found && job.result?.culprit?.hash == hashes[5])
        #expect(job.identity?.bad == hashes[11] && job.identity?.good == hashes[0])
        #expect(job.builds == result.builds && job.runs == result.testRuns)
        #expect(job.revisionsTested == result.revisionsTested)
        #expect(job.diskUse > 0)
        #expect(try await repo.git("worktree", "list").split(separator: "\n").count == 2)

        let freed = try await job.clean()
        #expect(freed > 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: job.directory).sorted()
        #expect(names == ["journal.jsonl", "log.txt"])
        #expect(try await repo.git("worktree", "list").split(separator: "\n").count == 1)
        // The results are still there: listed as before, with less disk.
        let after = try #require(try await LocalJob.all(under: repo.path).first)
        #expect(after.state == .finished && after.result == job.result && after.diskUse < job.diskUse)

        try await after.clean(all: true)
        #expect(!FileManager.default.fileExists(atPath: job.directory))
        #expect(try await LocalJob.all(under: repo.path).isEmpty)
    }

    @Test func aRunningJobIsShownAsRunningAndNotCleaned() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(8) { $0 == 3 ? ["bug": "1"] : [:] }
        let state = repo.path + "/states"
        _ = try await BisectionTests.run(repo, bad: hashes[7], good: hashes[0]) { $0.stateDirectory = state + "/one" }
        // Another process would hold the lock on the state directory; this one does.
        let fd = open(state + "/one", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #expect(fd >= 0)
        // The job's own lock is released when it ends; a child that another test forked while it
        // was held shares it until that child execs, so the lock may take a moment to come free.
        var locked = false
        for _ in 0..<50 where !locked {
            locked = flock(fd, LOCK_EX | LOCK_NB) == 0
            if !locked { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(locked, "the finished job's lock did not come free within 5 s")
        let job = try #require(try await LocalJob.all(under: state).first)
        #expect(job.state == .running)
        await #expect(throws: CulpritError.self) { try await job.clean() }
        close(fd)
        // As above: a child forked meanwhile may hold the lock until it execs.
        var finished = false
        for _ in 0..<100 where !finished {
            finished = try await LocalJob.all(under: state).first?.state == .finished
            if !finished { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(finished, "the job did not read as finished within 10 s of its lock's release")
    }

    @Test func aPathThatIsNotADirectoryIsRefused() async throws {
        await #expect(throws: CulpritError.self) { try await LocalJob.all(under: "/nonexistent/culprit-jobs") }
    }
}
