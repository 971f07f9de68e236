import Backends
import Bisect
import CommandBackend
import Foundation
import JobConfig
import KernelBackend
import Model
import TestSupport
import Testing

/// `culprit bisect --plan` over a real repository with kernel-like Makefiles and release tags.
struct ReleasePlanTests {
    init() { BackendRegistry.registerBuiltIn() }

    static func makefile(_ major: Int, _ minor: Int) -> String {
        "VERSION = \(major)\nPATCHLEVEL = \(minor)\nSUBLEVEL = 0\nEXTRAVERSION =\n"
    }

    @Test func compilersFixesAndTheStopPerRelease() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let v54 = try await repo.commit("Linux 5.4", ["Makefile": Self.makefile(5, 4)])
        let v61 = try await repo.commit("Linux 6.1", ["Makefile": Self.makefile(6, 1)])
        let v612 = try await repo.commit("Linux 6.12", ["Makefile": Self.makefile(6, 12)])
        let bad = try await repo.commit("prctl: the planted bug", ["kernel/sys.c": "bug\n"])
        try await repo.git("tag", "v5.4", v54)
        try await repo.git("tag", "v6.1", v61)
        try await repo.git("tag", "v6.12", v612)
        let fixFile = repo.path + "/../" + UUID().uuidString + "-old.fix"
        try "Fix: for kernels before 6.12\nUnneeded-From-Version: 6.12\nConfig-Off: CONFIG_DEBUG_INFO_BTF\n".write(
            toFile: fixFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: fixFile) }
        var kernel = KernelJob()
        kernel.baseConfig = "tinyconfig"
        kernel.reproducer = "/dev/null"
        kernel.compilers = [.init(since: "6.0", cc: "gcc-12"), .init(since: "6.10", cc: "clang-19")]
        kernel.fixes = [fixFile]
        var job = BisectJob()
        job.repository = repo.path
        job.bad = bad
        job.backend = kernel
        let lines = try await job.releasePlan()
        let name = (fixFile as NSString).lastPathComponent
        #expect(lines.count == 4, "\(lines)")
        #expect(lines[0].hasPrefix("start \(bad.prefix(12)): kernel 6.12.0, compiler clang-19 (the job's compiler table)"))
        #expect(lines[1].hasPrefix("v6.12 \(v612.prefix(12)): kernel 6.12.0, compiler clang-19"))
        #expect(lines[1].hasSuffix("build fixes: werror-off.fix (config off: CONFIG_WERROR)"))
        #expect(lines[2].hasPrefix("v6.1 \(v61.prefix(12)): kernel 6.1.0, compiler gcc-12 (the job's compiler table)"))
        #expect(lines[2].contains("\(name) (config off: CONFIG_DEBUG_INFO_BTF)"))
        #expect(
            lines[3]
                == "the release walk stops before v5.4 (1 older release(s) not tested): older than 6.0, the job's "
                + "compiler table starts at 6.0; add a row for older kernels (a row without since: covers every version)")
    }

    @Test func aCommandJobHasNoPlan() async throws {
        var job = BisectJob()
        job.repository = "."
        job.bad = "HEAD"
        job.backend = CommandJob(build: "true", test: "true")
        await #expect(throws: CulpritError.self) { _ = try await job.releasePlan() }
    }
}
