import Build
import Foundation
import Testing

@Suite struct CompilerTableTests {
    static func v(_ text: String) -> KernelVersion { KernelVersion(text)! }

    @Test func theFirstInstalledRowCoveringTheVersionWins() {
        let table = CompilerTable.builtIn
        let all: (String) -> Bool = { _ in true }
        #expect(table.row(for: Self.v("6.12"), installed: all)?.cc == "gcc-12")
        #expect(table.row(for: Self.v("5.4"), installed: all)?.cc == "gcc-11")
        #expect(table.row(for: Self.v("4.14"), installed: all) == nil)
        let clangOnly: (String) -> Bool = { $0.hasPrefix("clang") }
        #expect(table.row(for: Self.v("6.12"), installed: clangOnly)?.cc == "clang-19")
        #expect(table.row(for: Self.v("5.10"), installed: clangOnly)?.cc == "clang-15")
        // clang-13 and 14 are below the kernel's minimum LLVM from 6.15 on.
        #expect(table.row(for: Self.v("6.15"), installed: { $0 == "clang-13" }) == nil)
        #expect(table.oldestSupported(installed: { $0 == "gcc-12" })?.oldest == Self.v("5.10"))
        #expect(table.oldestSupported(installed: all)?.oldest == Self.v("4.19"))
        #expect(table.oldestSupported(installed: { _ in false }) == nil)
    }

    @Test func theJobsTableOverridesTheBuiltInOne() {
        var settings = KernelBuildSettings(config: .base(target: "tinyconfig", fragments: []), buildRoot: "/tmp/x")
        settings.compilers = [.init(cc: "gcc"), .init(since: Self.v("6.0"), cc: "clang-19")]
        #expect(settings.chooseCompiler(for: Self.v("6.1"), installed: { _ in true }) == ("clang-19", "the job's compiler table"))
        #expect(settings.oldestBuildable(installed: { _ in true }) == nil)
        settings.compilers = [.init(since: Self.v("6.6"), cc: "gcc-12"), .init(since: Self.v("6.10"), cc: "clang-19")]
        let start = settings.oldestBuildable(installed: { _ in true })
        #expect(start?.version == Self.v("6.6"))
        #expect(start?.reason.contains("the job's compiler table starts at 6.6") == true)
        settings.compilers = []
        let choice = settings.chooseCompiler(for: Self.v("6.1"), installed: { $0 == "gcc-12" })
        #expect(choice.cc == "gcc-12" && choice.why == "built-in table: gcc-12 builds 5.10–")
        let none = settings.chooseCompiler(for: Self.v("4.4"), installed: { $0 == "gcc-12" })
        #expect(none.cc == "gcc" && none.why.contains("no installed compiler of the built-in table builds 4.4.0"))
        let oldest = settings.oldestBuildable(installed: { $0 == "gcc-12" || $0 == "clang-16" })
        #expect(oldest?.version == Self.v("5.10"))
        #expect(oldest?.reason.contains("gcc-12 5.10–, clang-16 5.15–") == true)
    }

    /// On this machine: what apt reports installed is what the table sees (gcc-12 is Debian 12's gcc).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/gcc-12"), "needs gcc-12"))
    func gcc12BuildsTheE2EKernel() {
        var settings = KernelBuildSettings(config: .base(target: "tinyconfig", fragments: []), buildRoot: "/tmp/x")
        settings.compilers = []
        #expect(settings.chooseCompiler(for: Self.v("6.1")).cc == "gcc-12")
    }
}

extension CompilerTableTests {
    @Test func aBugsCompilerIsPreferredWhereItsRowAllows() {
        var settings = KernelBuildSettings(config: .base(target: "tinyconfig", fragments: []), buildRoot: "/tmp/x")
        settings.compilers = []
        settings.preferredCompiler = "clang-19"
        let installed: (String) -> Bool = { ["clang-19", "gcc-12"].contains($0) }
        #expect(settings.chooseCompiler(for: Self.v("6.12"), installed: installed) == ("clang-19", "the bug's compiler"))
        // clang-19 builds 6.6 on: 5.15 gets the table's choice.
        #expect(settings.chooseCompiler(for: Self.v("5.15"), installed: installed).cc == "gcc-12")
        #expect(settings.chooseCompiler(for: Self.v("6.12"), installed: { $0 == "gcc-12" }).cc == "gcc-12")
    }
}
