@testable import Bisect
import Foundation
import Instance
import Backends
@testable import JobConfig
@testable import KernelBackend
import Model
import Support
import TestSupport
import Testing

/// Bug directories as dashboards hand them out, written to real directories.
@Suite struct BugDirectoryTests {
    init() { BackendRegistry.registerBuiltIn() }

    /// A directory holding `files`.
    static func directory(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-bug-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    static let config = "CONFIG_KASAN=y\nCONFIG_64BIT=y\n"
    static let cProgram = "int main(void) { return 0; }\n"
    static let syzProgram = """
        # https://dashboard.example/bug?id=1
        #{"threaded":true,"repeat":true,"procs":6,"slowdown":1,"sandbox":"none","sandbox_arg":0}
        r0 = openat(0xffffffffffffff9c, &(0x7f0000000000)='./file0\\x00', 0x0, 0x0)
        close(r0)

        """

    @Test func aFullDirectoryIsRead() throws {
        let path = try Self.directory([
            "kernel.config": Self.config, "repro.c": Self.cProgram, "repro.syz": Self.syzProgram,
            "commit": "ae58226b89ac\nAdd linux-next specific files for 20241118\n",
            "compiler": "Debian clang version 15.0.6, GNU ld (GNU Binutils for Debian) 2.40\n",
            "title": "KASAN: use-after-free Read in culprit_demo\n", "report": "BUG: KASAN: use-after-free\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bug = try BugDirectory(path: path)
        #expect(bug.config == path + "/kernel.config")
        #expect(bug.reproducer == path + "/repro.c")
        #expect(bug.syzProgram == path + "/repro.syz")
        #expect(bug.commit == "ae58226b89ac")
        #expect(bug.commitTitle == "Add linux-next specific files for 20241118")
        #expect(bug.compiler == "clang-15")
        #expect(bug.expectedTitle == "KASAN: use-after-free Read in culprit_demo")
        #expect(bug.syzOptions.execprogArguments == ["-threaded=true", "-repeat=0", "-procs=6", "-sandbox=none"])
    }

    @Test func compilerLinesMapToCommands() {
        #expect(BugDirectory.compilerCommand("gcc (Debian 12.2.0-14) 12.2.0") == "gcc-12")
        #expect(BugDirectory.compilerCommand("gcc (GCC) 10.2.1 20210130 (Red Hat 10.2.1-11), GNU ld 2.35") == "gcc-10")
        #expect(BugDirectory.compilerCommand("Debian clang version 19.1.7 (3), GNU ld 2.40") == "clang-19")
        #expect(BugDirectory.compilerCommand("icc 2021") == nil)
    }

    @Test func oldGoStyleOptionsAndOptsFile() throws {
        let old = try SyzkallerOptions(text: "{Threaded:false Collide:true Repeat:false Procs:1 Sandbox: Fault:true FaultCall:3 FaultNth:7}")
        #expect(old.execprogArguments == ["-threaded=false", "-repeat=1", "-procs=1", "-sandbox=none", "-fault_call=3", "-fault_nth=7"])
        let path = try Self.directory([
            "config": Self.config, "repro.prog": "close(0x3)\n", "repro.opts": "{\"procs\":2,\"repeat\":false}",
            "commit": "0123456789abcdef Fix the frobnicator",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bug = try BugDirectory(path: path)
        #expect(bug.commitTitle == "Fix the frobnicator")
        #expect(bug.syzOptions.execprogArguments == ["-repeat=1", "-procs=2"])
        #expect(throws: CulpritError.self) { try SyzkallerOptions(text: "procs=2") }
    }

    @Test func missingAndBadFilesAreNamedWithWhatToDo() throws {
        let empty = try Self.directory([:])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let error = try #require(throws: CulpritError.self) { try BugDirectory(path: empty) }
        #expect(error.code == .badInput)
        #expect(error.message.contains(empty + "/kernel.config is missing"))
        #expect(error.message.contains("repro.c"))
        #expect(error.message.contains(empty + "/commit is missing"))

        let bad = try Self.directory([
            "kernel.config": "hello\n", "repro.c": "  \n", "commit": "not a hash\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let message = try #require(throws: CulpritError.self) { try BugDirectory(path: bad) }.message
        #expect(message.contains("kernel.config has no CONFIG_ lines"))
        #expect(message.contains("repro.c is empty"))
        #expect(message.contains("commit: the first line must be the commit hash"))

        let missing = try #require(throws: CulpritError.self) { try BugDirectory(path: empty + "/nope") }
        #expect(missing.message.contains("does not exist"))
    }

    @Test func aSyzkallerProgramNeedsSyzkallerBinaries() throws {
        let path = try Self.directory(["kernel.config": Self.config, "repro.syz": Self.syzProgram, "commit": "abcdef0"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var job = BisectJob()
        job.repository = path
        job.bug = path
        let problems = job.problems()
        #expect(problems.contains { $0.contains("is a syzkaller program: this bug needs syzkaller's binaries") })

        // With a syzkaller build directory: no problem, and the VM gets execprog, the executor
        // and the program, run with the program's options.
        let syz = try Self.directory([:])
        defer { try? FileManager.default.removeItem(atPath: syz) }
        try FileManager.default.createDirectory(atPath: syz + "/bin/linux_amd64", withIntermediateDirectories: true)
        for name in ["syz-execprog", "syz-executor"] {
            let file = syz + "/bin/linux_amd64/" + name
            try "binary \(name)\n".write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        }
        job.syzkaller = syz
        #expect(job.problems().isEmpty, "\(job.problems())")
        let applied = try job.prepared()
        #expect(applied.bad == "abcdef0")
        let kernel = try #require(applied.backend as? KernelJob, "a bug directory gives a kernel job")
        #expect(kernel.config == path + "/kernel.config")
        guard case .syzkaller(let program, let execprog, let executor, let arguments) = kernel.vmReproducer else {
            Issue.record("the reproducer is a syzkaller program")
            return
        }
        #expect(program == path + "/repro.syz")
        #expect(execprog == syz + "/bin/linux_amd64/syz-execprog")
        #expect(executor == syz + "/bin/linux_amd64/syz-executor")
        #expect(arguments.contains("-procs=6"))

    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/bin/busybox"), "needs busybox-static"))
    func theInitramfsHoldsExecprogTheExecutorAndTheProgram() async throws {
        let syz = try Self.directory(["repro.syz": Self.syzProgram, "syz-execprog": "binary syz-execprog\n",
            "syz-executor": "binary syz-executor\n"])
        defer { try? FileManager.default.removeItem(atPath: syz) }
        let output = syz + "/initramfs.cpio"
        try await Initramfs.build(
            reproducer: .syzkaller(
                program: syz + "/repro.syz", execprog: syz + "/syz-execprog", executor: syz + "/syz-executor",
                arguments: ["-threaded=true", "-repeat=0", "-procs=6", "-sandbox=none"]),
            output: output, workDirectory: syz + "/work")
        // A generous timeout: under a loaded CI machine (a kernel build beside the whole suite) a
        // 60 s one ran out with nothing listed.
        let listing = try await ProcessRunner.run("sh", ["-c", "cpio -it < \"$1\"", "sh", output], timeout: .seconds(600))
        #expect(listing.succeeded, "cpio -it: \(listing.tail(5))")
        #expect(listing.outputText.split(separator: "\n").contains("syz/syz-execprog"))
        #expect(listing.outputText.split(separator: "\n").contains("syz/syz-executor"))
        #expect(listing.outputText.split(separator: "\n").contains("syz/repro.syz"))
        let text = String(decoding: try #require(FileManager.default.contents(atPath: output)), as: UTF8.self)
        #expect(text.contains("binary syz-executor"))
        #expect(text.contains("exec ./syz-execprog -threaded=true -repeat=0 -procs=6 -sandbox=none repro.syz"))
    }

    @Test func aRebasedCommitIsFoundByItsTitle() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        try await repo.linear(2)
        let hash = try await repo.commit("net: fix the frobnicator")
        try await repo.commit("later work")
        let path = try Self.directory([
            "kernel.config": Self.config, "repro.c": Self.cProgram,
            "commit": "1234567890ab\nnet: fix the frobnicator\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        var job = BisectJob()
        job.repository = repo.path
        job.bug = path
        let lines = LinesBox()
        let console = ConsoleLog(isTerminal: false) { lines.append($0) }
        let resolved = try await job.resolved(console: console)
        #expect(resolved.bad == hash)
        #expect(lines.text.contains("has its title 'net: fix the frobnicator'"))

        try "1234567890ab\nno such title\n".write(toFile: path + "/commit", atomically: true, encoding: .utf8)
        let error = try await #require(throws: CulpritError.self) {
            try await job.resolved(console: console)
        }
        #expect(error.message.contains("no commit is titled 'no such title'"))
    }
}

final class LinesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
