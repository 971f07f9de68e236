import Build
import Foundation
import Instance
import Model
import Support
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The linux-source tarball the test kernel is built from.
let linuxSourceTarball = "/usr/src/linux-source-6.1.tar.xz"

/// Boots real kernels: the planted-bug kernel of Culprit's end-to-end repository, built by
/// `scripts/kernel/build-kernel` (cached). Skipped, with the reason, without the linux-source tarball.
@Suite(
    "QemuTester", .serialized, .tags(.heavy),
    .enabled(
        if: FileManager.default.fileExists(atPath: linuxSourceTarball),
        "needs /usr/src/linux-source-6.1.tar.xz (scripts/install-deps --kernel)"))
struct QemuTesterTests {
    static let tarball = linuxSourceTarball
    static var packageRoot: String {
        TestSupport.packageRoot
    }

    static func kernel() async throws -> String {
        let result = try await ProcessRunner.run(
            packageRoot + "/scripts/kernel/build-kernel", ["manual", "BUG"], timeout: .seconds(3600))
        guard result.succeeded else { throw CulpritError.infrastructure("build-kernel failed: \(result.tail(20))") }
        guard let path = result.outputText.split(separator: "\n").last.map(String.init) else {
            throw CulpritError.infrastructure("build-kernel printed no kernel path")
        }
        return path
    }

    /// A temporary directory with a reproducer file.
    static func workspace(_ reproducerName: String, _ reproducer: String) throws -> (String, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "culprit-qemu-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        let path = directory + "/" + reproducerName
        try reproducer.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    func test(
        _ kernel: String, reproducerName: String, reproducer: String, runs: Range<Int> = 0..<2,
        configure: (inout QemuSettings) -> Void = { _ in }
    ) async throws -> [RunResult] {
        let (directory, path) = try Self.workspace(reproducerName, reproducer)
        var settings = QemuSettings(
            reproducer: .file(path), workDirectory: directory + "/work", vms: 2, accelerator: .tcg)
        configure(&settings)
        let tester = QemuTester(settings: settings)
        let request = TestRequest(
            commit: "0", worktree: directory, artifact: Artifact(directory: directory, files: ["kernel": kernel]),
            runs: runs, logDirectory: directory + "/logs")
        let results = try await tester.test(request)
        for result in results { print("run #\(result.index): \(result.outcome) (\(result.seconds) s)") }
        #expect(results.map(\.index) == Array(runs))
        return results
    }

    static let loopingReproducer = """
        #include <stdio.h>
        #include <sys/prctl.h>
        int main(void)
        {
            for (int i = 0; i < 60; i++)
                prctl(PR_SET_NAME, "culprit-repro-1", 0, 0, 0);
            puts("repro: still alive");
            return 0;
        }
        """

    @Test("the planted use-after-free is a KASAN crash; a harmless reproducer is OK")
    func crashAndOK() async throws {
        let kernel = try await Self.kernel()
        let crashed = try await test(kernel, reproducerName: "repro.c", reproducer: Self.loopingReproducer)
        for result in crashed {
            guard case .crashed(let title, let report) = result.outcome else {
                Issue.record("expected a crash, got \(result.outcome)")
                continue
            }
            #expect(title.contains("KASAN: use-after-free"))
            #expect(title.contains("prctl_name_hash"))
            #expect(report?.isEmpty == false)
            #expect(result.logPath.map { FileManager.default.fileExists(atPath: $0) } == true)
        }
        let fine = try await test(kernel, reproducerName: "repro.sh", reproducer: "#!/bin/sh\necho harmless\n")
        #expect(fine.allSatisfy { $0.outcome == .ok }, "\(fine.map(\.outcome))")
    }

    @Test("a kernel that cannot start init is a boot failure")
    func bootFailure() async throws {
        let kernel = try await Self.kernel()
        let results = try await test(kernel, reproducerName: "repro.sh", reproducer: "#!/bin/sh\n", runs: 0..<1) {
            $0.cmdline = "rdinit=/culprit-no-such-init init=/culprit-no-such-init"
        }
        guard case .bootFailed(let reason) = results.first?.outcome else {
            Issue.record("expected a boot failure, got \(results.map(\.outcome))")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test("a reproducer that runs too long is timed out, and QEMU is gone")
    func reproducerTimeout() async throws {
        let kernel = try await Self.kernel()
        let results = try await test(
            kernel, reproducerName: "repro.sh", reproducer: "#!/bin/sh\necho sleeping\nsleep 600\n", runs: 0..<1
        ) {
            $0.reproducerTimeout = .seconds(5)
        }
        guard case .timedOut(let lastLines) = results.first?.outcome else {
            Issue.record("expected a timeout, got \(results.map(\.outcome))")
            return
        }
        #expect(lastLines.contains("sleeping"))
        #expect(results[0].seconds < 120)
        #expect(try await Self.qemuProcesses(kernel).isEmpty)
    }

    @Test("QEMU that cannot start is an infrastructure failure")
    func infrastructureFailure() async throws {
        let kernel = try await Self.kernel()
        let results = try await test(kernel, reproducerName: "repro.sh", reproducer: "#!/bin/sh\n", runs: 0..<1) {
            $0.qemu = "/culprit/no-such-qemu"
        }
        guard case .infrastructureFailure(let reason) = results.first?.outcome else {
            Issue.record("expected an infrastructure failure, got \(results.map(\.outcome))")
            return
        }
        #expect(reason.contains("no-such-qemu"))
    }

    @Test("the process guard ends QEMU when Culprit is killed")
    func guardKillsQemu() async throws {
        let kernel = try await Self.kernel()
        let (directory, path) = try Self.workspace("repro.sh", "#!/bin/sh\nsleep 600\n")
        let settings = QemuSettings(reproducer: .file(path), workDirectory: directory + "/work", accelerator: .tcg)
        let initramfs = directory + "/work/initramfs.cpio"
        try await Initramfs.build(
            reproducer: .file(path), output: initramfs, workDirectory: directory + "/work")
        let machine = QemuMachine(
            settings: settings, kernel: kernel, initramfs: initramfs, accelerator: .tcg,
            consolePath: directory + "/logs/console.log")
        // A shell stands for Culprit: it starts QEMU below a guard (this test executable, as
        // Culprit would start it) and is killed with SIGKILL.
        let standIn = "echo $$ > \(directory)/parent; CULPRIT_PROCESS_GUARD=500 setsid \"$@\" >/dev/null 2>&1 & wait"
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        async let ended = ProcessRunner.run("sh", ["-c", standIn, "sh", exe, settings.qemu] + machine.arguments)
        try await Task.sleep(for: .seconds(3))
        let parent = try #require(
            Int32((try String(contentsOfFile: directory + "/parent", encoding: .utf8)).trimmingCharacters(
                in: .whitespacesAndNewlines)))
        #expect(try await !Self.qemuProcesses(initramfs).isEmpty)
        let started = ContinuousClock.now
        kill(parent, SIGKILL)
        _ = try await ended
        var left = try await Self.qemuProcesses(initramfs)
        while !left.isEmpty && ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(200))
            left = try await Self.qemuProcesses(initramfs)
        }
        #expect(left.isEmpty, "QEMU outlived Culprit: \(left)")
    }

    /// Pids of QEMU processes whose command line mentions `path`.
    static func qemuProcesses(_ path: String) async throws -> [String] {
        let result = try await ProcessRunner.run("pgrep", ["-f", "qemu-system.*" + path])
        return result.outputText.split(separator: "\n").map(String.init)
    }
}
