import Bisect
import CommandBackend
import Foundation
import JobConfig
import KernelBackend
import Model
import ReportEmail
import Support
import TestSupport
import Testing

/// The email-ready report of real bisections of a small repository with the command backend
/// (real shell build and test commands).
struct BisectionReportTests {
    /// A repository whose commit 7 (of 12) plants a crash: the test prints a KASAN-style report.
    static func bisect(fix: Bool = false, runs: Int = 4, maxBuilds: Int? = nil) async throws -> (
        BisectJob, BisectionResult, GitRepository, [String]
    ) {
        let repo = try await GitRepository.scripted()
        try await repo.git("remote", "add", "origin", "https://git.example.org/kvcache.git")
        let hashes = try await repo.linear(12) { i -> [String: String?] in
            if fix { return i == 2 ? ["bug": "1"] : i == 8 ? ["bug": nil] : [:] }
            return i == 7 ? ["bug": "1"] : [:]
        }
        var job = BisectJob()
        job.repository = repo.path
        job.bad = fix ? hashes[4] : hashes[11]
        job.good = fix ? hashes[11] : hashes[0]
        job.fix = fix
        job.runs = runs
        job.jobs = 2
        job.maxBuilds = maxBuilds
        job.stateDirectory = repo.path + "/../" + UUID().uuidString + "-state"
        job.backend = CommandJob(
            build: "true",
            test: """
                if [ -f bug ]; then printf 'BUG: KASAN: use-after-free in parse_item+0x1/0x2\\nRead of size 8\\nCall Trace:\\n parse_item+0x1/0x2\\n' >&2; exit 1; fi
                """)
        let result = try await job.run(console: ConsoleLog(isTerminal: false) { _ in })
        return (job, result, repo, hashes)
    }

    @Test func theReportOfAFoundCulprit() async throws {
        let (job, result, repo, hashes) = try await Self.bisect()
        defer { repo.remove() }
        #expect(result.outcome == .found)
        let text = try await job.report(result, reportedBy: "Fuzz Bot <bot@example.org>")
        #expect(
            text.hasPrefix(
                "Subject: [culprit] bisected: KASAN: use-after-free Read in parse_item\nTo: Ada Tester <ada@example.com>\n\nHello,\n"))
        #expect(text.contains(" parse_item+0x1/0x2\n\nFull log:"))
        #expect(text.contains("To: Ada Tester <ada@example.com>"))
        #expect(text.contains("commit \(hashes[7])\nAuthor: Ada Tester <ada@example.com>\nDate:   2024-01-01T00:00:00Z"))
        #expect(text.contains("    commit 7\n"))
        #expect(text.contains("tree:            https://git.example.org/kvcache.git"))
        #expect(text.contains("start commit:    \(hashes[11]) commit 11"))
        #expect(text.contains("good commit:     \(hashes[0])"))
        #expect(text.contains("crash title:     KASAN: use-after-free Read in parse_item"))
        #expect(text.contains("revisions:       \(result.revisionsTested) tested, \(result.builds) builds, \(result.testRuns) test runs"))
        #expect(text.contains("Reported-by: Fuzz Bot <bot@example.org>\nFixes: \(hashes[7].prefix(12)) (\"commit 7\")"))
        #expect(text.contains("Call Trace:"))
        #expect(text.contains("Full log:        \(result.logPath ?? "?")"))
        #expect(result.logPath?.hasSuffix("/log.txt") == true)
        #expect(text.contains("Console output:  \(result.stateDirectory)/runs/\(hashes[11])"))
        #expect(!text.contains("The answer is not certain"))
        #expect(!text.contains("&quot;"), "text is not HTML-escaped")
    }

    @Test("after --minimize-config the report names the config bisected with and the full one it came from")
    func aMinimizedConfigIsNamedWithItsOriginal() async throws {
        let (job, result, repo, _) = try await Self.bisect()
        defer { repo.remove() }
        let dir = try TestSupport.temporaryDirectory("report-config")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "CONFIG_KASAN=y\nCONFIG_SMP=y\n".write(toFile: dir + "/kernel.config", atomically: true, encoding: .utf8)
        try "CONFIG_KASAN=y\n".write(toFile: dir + "/minimized.config", atomically: true, encoding: .utf8)
        try "int main(void) { return 0; }\n".write(toFile: dir + "/repro.c", atomically: true, encoding: .utf8)
        // The job as given (BisectCommand renders the report from it), and the result of the
        // bisection that ran with the minimized config (its result names that config).
        var kernel = KernelJob()
        kernel.baseDirectory = dir
        kernel.config = "kernel.config"
        kernel.reproducer = "repro.c"
        var given = job
        given.backend = kernel
        var minimized = result
        minimized.config = dir + "/minimized.config"
        let text = try await given.report(minimized)
        #expect(text.contains("Kernel config:   \(dir)/minimized.config\nMinimized from:  \(dir)/kernel.config\n"), "\(text)")
        #expect(text.contains("Reproducer:      \(dir)/repro.c"))
        // Without minimization the result names the job's config: one line.
        var full = result
        full.config = dir + "/kernel.config"
        let plain = try await given.report(full)
        #expect(plain.contains("Kernel config:   \(dir)/kernel.config\n") && !plain.contains("Minimized from:"))
    }

    @Test func anUncertainAnswerListsTheCandidates() async throws {
        let (job, result, repo, _) = try await Self.bisect(runs: 1, maxBuilds: 2)
        defer { repo.remove() }
        #expect(result.outcome == .inconclusive)
        let text = try await job.report(result)
        #expect(text.contains("Subject: [culprit] bisection inconclusive: KASAN: use-after-free Read in parse_item"))
        #expect(text.contains("Culprit could not name one commit for the crash below"))
        #expect(text.contains("The answer is not certain; the candidates:"))
        #expect(!text.contains("Reported-by:"))
        #expect(!text.contains("Fixes:"))
    }

    @Test func aFixBisectionAndAnOperatorsTemplate() async throws {
        let (job, result, repo, hashes) = try await Self.bisect(fix: true)
        defer { repo.remove() }
        #expect(result.culprit?.hash == hashes[8])
        let builtIn = try await job.report(result)
        #expect(builtIn.contains("Culprit bisected the fix of the crash below to this commit:"))
        #expect(builtIn.contains("The fix, to reference it (backports):\nFixes: \(hashes[8].prefix(12)) (\"commit 8\")"))
        let template = repo.path + "/../" + UUID().uuidString + ".mustache"
        try "fixed by {{culprit.hash}} <{{culprit.title}}> at {{confidence}}\n".write(
            toFile: template, atomically: true, encoding: .utf8)
        let custom = try await job.report(result, templatePath: template)
        #expect(custom.hasPrefix("fixed by \(hashes[8]) <commit 8> at "))
        try "{{#culprit}}unclosed".write(toFile: template, atomically: true, encoding: .utf8)
        let error = await #expect(throws: CulpritError.self) { try await job.report(result, templatePath: template) }
        #expect(error?.message.contains("is not a valid Mustache template") == true)
        let missing = await #expect(throws: CulpritError.self) { try await job.report(result, templatePath: "/nonexistent") }
        #expect(missing?.message.contains("cannot read the report template /nonexistent") == true)
    }
}
