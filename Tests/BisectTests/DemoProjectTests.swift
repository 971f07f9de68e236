import Foundation
import Support
import TestSupport
import Testing

@testable import Bisect
@testable import Lab

@Suite struct DemoProjectTests {
    static func temporaryDirectory() throws -> String {
        try TestSupport.temporaryDirectory("demo")
    }

    static func git(_ repo: String, _ arguments: [String]) async throws -> String {
        let r = try await ProcessRunner.run("git", ["-C", repo] + arguments)
        #expect(r.succeeded, "git \(arguments) failed: \(r.errorText)")
        return r.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Checks `commit` out into a fresh work tree and runs the demo's build command there.
    static func build(_ project: DemoProject, _ commit: String, into dir: String) async throws -> ProcessResult {
        _ = try await git(project.path, ["worktree", "add", "-f", "--detach", dir, commit])
        return try await ProcessRunner.run(
            "/bin/sh", ["-c", DemoProject.buildCommand], directory: dir, mergeStandardError: true)
    }

    @Test func historyHasTheRequiredShape() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let project = try await DemoProject.generate(at: dir + "/repo")

        #expect(project.commitCount >= 200)
        #expect(try await Self.git(project.path, ["rev-list", "--count", "HEAD"]) == String(project.commitCount))
        let merges = try await Self.git(project.path, ["rev-list", "--merges", "--count", "HEAD"])
        #expect((Int(merges) ?? 0) >= 5)
        #expect(try await Self.git(project.path, ["tag", "--list"]).split(separator: "\n").count == 4)
        #expect(try await Self.git(project.path, ["rev-parse", "HEAD"]) == project.head)
        #expect(try await Self.git(project.path, ["status", "--porcelain"]).isEmpty)
        let authors = try await Self.git(project.path, ["log", "--format=%an"])
        #expect(Set(authors.split(separator: "\n")).count >= 8)
        let culprit = try await Self.git(project.path, ["log", "-1", "--format=%s%n%b", project.culprit])
        #expect(culprit.hasPrefix("proto: avoid copying values in GET"))
        #expect(culprit.contains("Signed-off-by: Daniel Okafor"))
        #expect(FileManager.default.fileExists(atPath: project.path + "/MAINTAINERS"))
        // The culprit lies between the last two releases; the unrelated crash before both.
        #expect(
            try await Self.git(
                project.path, ["merge-base", "--is-ancestor", project.releases["v1.2"]!, project.culprit]) == "")
        let ancestor = try await ProcessRunner.run(
            "git", ["-C", project.path, "merge-base", "--is-ancestor", project.culprit, project.releases["v1.2"]!])
        #expect(!ancestor.succeeded)
        #expect(project.brokenCommits.count == 5)

        // The same seed gives the same history.
        let again = try await DemoProject.generate(at: dir + "/again")
        #expect(again.head == project.head)
        #expect(again.culprit == project.culprit)
    }

    @Test func everyCommitCompilesExceptTheBrokenStretch() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let project = try await DemoProject.generate(at: dir + "/repo")
        let commits = try await Self.git(project.path, ["rev-list", "HEAD"]).split(separator: "\n").map(String.init)
        // One shell loop over all commits: export the tree, check that it compiles (-fsyntax-only).
        let script = """
            for c in "$@"; do
              rm -rf t && mkdir t && git -C "$REPO" archive "$c" | tar -x -C t
              (cd t && gcc -std=gnu11 -Wall -Werror -fsyntax-only -Iinclude src/*.c 2>/dev/null) || echo "$c"
            done
            """
        let r = try await ProcessRunner.run(
            "/bin/sh", ["-c", script, "sh"] + commits, directory: dir, environment: ["REPO": project.path])
        #expect(r.succeeded)
        let failing = Set(r.outputText.split(separator: "\n").map(String.init))
        #expect(failing == Set(project.brokenCommits))
    }

    @Test func plantedBugsBehaveUnderAddressSanitizer() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let project = try await DemoProject.generate(at: dir + "/repo")
        let parent = try await Self.git(project.path, ["rev-parse", project.culprit + "^"])

        let broken = try await Self.build(project, project.brokenCommits[0], into: dir + "/broken")
        #expect(!broken.succeeded)
        #expect(broken.outputText.contains("has no member named"))

        for (name, commit, expectUAF) in [("parent", parent, false), ("culprit", project.culprit, true)] {
            let built = try await Self.build(project, commit, into: dir + "/" + name)
            #expect(built.succeeded, "\(name) does not build: \(built.outputText)")
            var useAfterFree = 0
            var overflow = 0
            let runs = 90
            for _ in 0..<runs {
                let r = try await ProcessRunner.run(
                    "/bin/sh", ["-c", DemoProject.testCommand], directory: dir + "/" + name,
                    mergeStandardError: true)
                if r.outputText.contains("heap-use-after-free") {
                    useAfterFree += 1
                } else if r.outputText.contains("heap-buffer-overflow") {
                    overflow += 1
                } else {
                    #expect(r.succeeded, "\(name): \(r.outputText)")
                    #expect(r.outputText == "OK\nalice\n")
                }
            }
            if expectUAF {
                // About a third: 90 runs at p = 1/3 fall in 15...45 with overwhelming probability.
                #expect((15...45).contains(useAfterFree), "use-after-free in \(useAfterFree) of \(runs) runs")
            } else {
                #expect(useAfterFree == 0)
            }
            #expect(overflow <= 10, "unrelated crash in \(overflow) of \(runs) runs")
        }
    }
}
