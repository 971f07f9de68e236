import Backends
import Bisect
import JobConfig
import KernelBackend
import Foundation
import Model
import Support
import TestSupport
import Testing

@Suite("KernelJob")
struct KernelJobTests {
    init() { BackendRegistry.registerBuiltIn() }

    /// A directory with a reproducer and a config fragment, for relative paths.
    static func directory() throws -> String {
        let path = try TestSupport.temporaryDirectory("kjob")
        try "int main(void) { return 0; }\n".write(toFile: path + "/repro.c", atomically: true, encoding: .utf8)
        try "CONFIG_KASAN=y\n".write(toFile: path + "/kasan.config", atomically: true, encoding: .utf8)
        return path
    }

    static let valid = """
        repo: .
        bad: HEAD
        kernel:
          base-config: tinyconfig
          fragments: [kasan.config]
          compilers:
            - cc: gcc
            - {since: "6.0", cc: gcc-12}
          reproducer: repro.c
          vms: 3
          memory: 768
          accelerator: tcg
          boot-timeout: 90
          cmdline: "loglevel=7"
        """

    @Test("a kernel section becomes the kernel backend, paths relative to the job file")
    func parses() throws {
        let base = try Self.directory()
        let job = try JobFile.parse(Self.valid, relativeTo: base)
        let kernel = try #require(job.backend as? KernelJob, "expected the kernel backend")
        #expect(kernel.problems().isEmpty, "\(kernel.problems())")
        #expect(job.problems().isEmpty, "\(job.problems())")
        let build = kernel.buildSettings(defaultRoot: "/tmp/root")
        #expect(build.config == .base(target: "tinyconfig", fragments: [base + "/kasan.config"]))
        #expect(build.compilers.count == 2)
        let qemu = kernel.qemuSettings(workDirectory: "/tmp/q")
        #expect(qemu.vms == 3)
        #expect(qemu.memory == 768)
        #expect(qemu.accelerator == .tcg)
        #expect(qemu.bootTimeout == .seconds(90))
        #expect(qemu.commandLine.hasSuffix(" loglevel=7"))
        #expect(qemu.reproducer.path == base + "/repro.c")
    }

    @Test("minimize-config and the kernel's minimize settings are read; bad values are named")
    func minimizeSettings() throws {
        let base = try Self.directory()
        try "CONFIG_64BIT=y\n".write(toFile: base + "/big.config", atomically: true, encoding: .utf8)
        let job = try JobFile.parse(
            """
            repo: .
            bad: HEAD
            minimize-config: true
            kernel:
              config: big.config
              minimize-base: defconfig
              minimize-fragments: [kasan.config]
              minimize-builds: 9
              reproducer: repro.c
            """, relativeTo: base)
        #expect(job.minimizeConfig == true)
        let kernel = try #require(job.backend as? KernelJob)
        #expect(kernel.minimizeBase == "defconfig")
        #expect(kernel.minimizeFragments == ["kasan.config"])
        #expect(kernel.minimizeBuilds == 9)
        #expect(kernel.problems().isEmpty, "\(kernel.problems())")
        let error = try #require(throws: CulpritError.self) {
            _ = try JobFile.parse(
                """
                repo: .
                bad: HEAD
                kernel:
                  config: big.config
                  minimize-base: my/config
                  minimize-fragments: [missing.config]
                  minimize-builds: 1
                  reproducer: repro.c
                """, relativeTo: base)
        }
        let text = "\(error)"
        #expect(text.contains("minimize-base 'my/config' is not a make configuration target"), "\(text)")
        #expect(text.contains("missing.config does not exist"), "\(text)")
        #expect(text.contains("minimize-builds must be between 2 and 1000, not 1"), "\(text)")
    }

    @Test("--minimize-config on a job without a full kernel config is refused with what to do")
    func minimizeNeedsAFullConfig() async throws {
        let base = try Self.directory()
        let job = try JobFile.parse(Self.valid + "\nminimize-config: true\n", relativeTo: base)
        let kernel = try #require(job.backend as? KernelJob)
        let error = try await #require(throws: CulpritError.self) {
            _ = try await kernel.minimizingConfig(job, workRoot: base, console: ConsoleLog(isTerminal: false) { _ in })
        }
        #expect("\(error)".contains("give 'config: FILE'"), "\(error)")
    }

    @Test("each bad kernel setting gets its own error")
    func badSettings() throws {
        let base = try Self.directory()
        let text = """
            repo: .
            bad: HEAD
            kernel:
              config: missing.config
              base-config: tinyconfig
              reproducer: nowhere.c
              vms: 0
              memory: 10
              accelerator: hyperdrive
              boot-timeout: -1
              compilers:
                - {since: "six", cc: gcc}
            """
        var message = ""
        do {
            _ = try JobFile.parse(text, relativeTo: base)
            Issue.record("expected an error")
        } catch let error as CulpritError {
            #expect(error.code == .badInput)
            message = error.message
        }
        for fragment in [
            "not both", "nowhere.c", "vms", "memory", "hyperdrive", "boot-timeout", "'six'",
        ] {
            #expect(message.contains(fragment), "no problem mentions \(fragment): \(message)")
        }
    }

    @Test("unknown kernel keys and wrong types are reported with their line")
    func unknownKeys() throws {
        let base = try Self.directory()
        do {
            _ = try JobFile.parse(
                "repo: .\nbad: HEAD\nkernel:\n  reproducr: repro.c\n", name: "k.yml", relativeTo: base)
            Issue.record("expected an error")
        } catch let error as CulpritError {
            #expect(error.message.contains("k.yml:4"))
            #expect(error.message.contains("did you mean 'reproducer'"))
        }
        do {
            _ = try JobFile.parse("repo: .\nbad: HEAD\nkernel:\n  vms: many\n", name: "k.yml", relativeTo: base)
            Issue.record("expected an error")
        } catch let error as CulpritError {
            #expect(error.message.contains("'vms' must be a whole number"), "\(error.message)")
        }
        #expect(throws: CulpritError.self) {
            try JobFile.parse("repo: .\nbad: HEAD\nbuild: make\nkernel:\n  reproducer: repro.c\n", relativeTo: base)
        }
        #expect(throws: CulpritError.self) { try JobFile.parse("repo: .\nkernel: 3\n", relativeTo: base) }
    }

    @Test("every unknown kernel key and every wrong type is reported at its own line, all at once")
    func everyProblemAtItsLine() throws {
        let base = try Self.directory()
        let text = """
            repo: .
            bad: HEAD
            kernel:
              reproducr: repro.c
              vms: many
              colour: blue
              ccache: maybe
              compilers:
                - {since: "6.0", compiler: gcc}
              boot-timeout: [1, 2]
            """
        let error = try #require(throws: CulpritError.self) { try JobFile.parse(text, name: "k.yml", relativeTo: base) }
        let message = error.message
        #expect(message.contains("k.yml has 6 problems"), "\(message)")
        #expect(message.contains("k.yml:4: unknown kernel setting 'reproducr'; did you mean 'reproducer'?"), "\(message)")
        #expect(message.contains("k.yml:5: 'vms' must be a whole number, not 'many'"), "\(message)")
        #expect(message.contains("k.yml:6: unknown kernel setting 'colour'"), "\(message)")
        #expect(message.contains("k.yml:7: 'ccache' must be true or false, not 'maybe'"), "\(message)")
        #expect(message.contains("k.yml:9: unknown compilers[0] setting 'compiler'"), "\(message)")
        #expect(message.contains("k.yml:10: 'boot-timeout' must be a number of seconds, not a list or a mapping"), "\(message)")
    }
}
