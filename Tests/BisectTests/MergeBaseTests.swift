import Foundation
import Model
import Support
import TestSupport
import Testing

/// An older end of the range that is not an ancestor of the newer end: the merge base is tested,
/// and when it contradicts the range (crashes in a cause bisection, is clean in a fix bisection)
/// the job says so instead of naming a commit (through the built `culprit`).
@Suite(.serialized) struct MergeBaseTests {
    @Test(.timeLimit(.minutes(5))) func aCrashingMergeBaseStopsTheJobWithAClearResult() async throws {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        // main: c0..c9, the crash (file `bug`) comes with c3. A branch forks at c5 and fixes it.
        var main = try await repository.linear(3) { ["f": "\($0)"] }
        main.append(try await repository.commit("commit 3", ["bug": "yes"]))
        main += try await repository.linear(2, from: 4) { ["f": "\($0)"] }
        try await repository.git("checkout", "-q", "-b", "fixed")
        let fixed = try await repository.commit("fix the crash", ["bug": nil])
        try await repository.git("checkout", "-q", "main")
        main += try await repository.linear(4, from: 6) { ["f": "\($0)"] }
        let base = try await repository.git("merge-base", fixed, main[9])
        #expect(base == main[5])

        let r = try await DemoTests.run(
            [
                "bisect", "--repo", repository.path, "--bad", main[9], "--good", fixed, "--build", "true",
                "--test", "test ! -e bug", "--runs", "2",
            ], timeout: .seconds(240))
        let out = r.outputText
        #expect(r.status == .exited(1), "\(r.status) \(out.suffix(2000)) \(r.errorText)")
        #expect(out.contains("the merge base \(main[5]) is bad"), "\(out.suffix(2000))")
        #expect(!out.contains("first bad commit"), "a commit was blamed: \(out.suffix(2000))")
    }

    @Test(.timeLimit(.minutes(5))) func aCleanMergeBaseLetsTheBisectionGoOn() async throws {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        // The branch forks at c2, before the crash (c5); its tip is clean too.
        var main = try await repository.linear(3) { ["f": "\($0)"] }
        try await repository.git("checkout", "-q", "-b", "side")
        let side = try await repository.commit("side work", ["g": "1"])
        try await repository.git("checkout", "-q", "main")
        main += try await repository.linear(2, from: 3) { ["f": "\($0)"] }
        main.append(try await repository.commit("commit 5", ["bug": "yes"]))
        main += try await repository.linear(3, from: 6) { ["f": "\($0)"] }
        let r = try await DemoTests.run(
            [
                "bisect", "--repo", repository.path, "--bad", main[8], "--good", side, "--build", "true",
                "--test", "test ! -e bug", "--runs", "2",
            ], timeout: .seconds(240))
        #expect(r.status == .exited(0), "\(r.outputText.suffix(2000)) \(r.errorText)")
        #expect(r.outputText.contains("# git bisect good \(main[2])"))
        #expect(r.outputText.contains("first bad commit: \(main[5])"), "\(r.outputText.suffix(2000))")
    }

    @Test(.timeLimit(.minutes(5))) func aCleanMergeBaseStopsAFixBisectionWithAClearResult() async throws {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        // main c0..c8 never crashes. A branch forks at c2 and brings the crash (its tip crashes):
        // nothing on main fixed it, so a fix bisection from the branch tip to main must not name one.
        var main = try await repository.linear(3) { ["f": "\($0)"] }
        try await repository.git("checkout", "-q", "-b", "buggy")
        _ = try await repository.commit("bring the crash", ["bug": "yes"])
        let buggy = try await repository.commit("more work on the branch", ["g": "1"])
        try await repository.git("checkout", "-q", "main")
        main += try await repository.linear(6, from: 3) { ["f": "\($0)"] }
        let r = try await DemoTests.run(
            [
                "bisect", "--repo", repository.path, "--fix", "--bad", buggy, "--good", main[8], "--build", "true",
                "--test", "test ! -e bug", "--runs", "2",
            ], timeout: .seconds(240))
        let out = r.outputText
        #expect(r.status == .exited(1), "\(r.status) \(out.suffix(2000)) \(r.errorText)")
        #expect(out.contains("the merge base \(main[2]) is clean"), "\(out.suffix(2000))")
        #expect(!out.contains("first good commit"), "a commit was named as the fix: \(out.suffix(2000))")
    }

    @Test(.timeLimit(.minutes(5))) func aCrashingMergeBaseLetsTheFixBisectionGoOn() async throws {
        let repository = try await GitRepository.scripted()
        defer { repository.remove() }
        // The crash comes with c2; a branch forks at c4 (crashing) and goes on; main fixes it with c6.
        var main = try await repository.linear(2) { ["f": "\($0)"] }
        main.append(try await repository.commit("commit 2", ["bug": "yes"]))
        main += try await repository.linear(2, from: 3) { ["f": "\($0)"] }
        try await repository.git("checkout", "-q", "-b", "old")
        let old = try await repository.commit("old branch work", ["g": "1"])
        try await repository.git("checkout", "-q", "main")
        main += try await repository.linear(1, from: 5) { ["f": "\($0)"] }
        main.append(try await repository.commit("commit 6 fixes it", ["bug": nil]))
        main += try await repository.linear(2, from: 7) { ["f": "\($0)"] }
        let r = try await DemoTests.run(
            [
                "bisect", "--repo", repository.path, "--fix", "--bad", old, "--good", main[8], "--build", "true",
                "--test", "test ! -e bug", "--runs", "2",
            ], timeout: .seconds(240))
        #expect(r.status == .exited(0), "\(r.outputText.suffix(2000)) \(r.errorText)")
        #expect(r.outputText.contains("# git bisect bad \(main[4])"), "the merge base was not tested")
        #expect(r.outputText.contains("first good commit: \(main[6])"), "\(r.outputText.suffix(2000))")
    }
}
