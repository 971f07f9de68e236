import Backends
import Bisect
import CommandBackend
import Foundation
import JobConfig
import KernelBackend
import TestSupport
import Testing

/// The job files shipped in `examples/` (which `culprit bisect --help` points to) load and are
/// valid: each setting they show is one the parser knows, with a value it accepts.
struct ExampleJobTests {
    init() { BackendRegistry.registerBuiltIn() }

    static let examples = TestSupport.packageRoot + "/examples"

    @Test func commandJobLoadsWithEverySetting() throws {
        let job = try JobFile.load(Self.examples + "/command-job.yml")
        #expect(job.valueProblems().isEmpty, "\(job.valueProblems())")
        #expect(job.bad == "HEAD" && job.good == "v1.2" && job.runs == 8 && job.maxBuilds == 40 && job.maxRuns == 1000)
        let command = try #require(job.backend as? CommandJob, "not a command job")
        #expect(command.build == "make -j2" && command.test == "./run-reproducer.sh" && command.artifacts == ["prog"])
    }

    @Test func kernelJobLoadsWithCpusAndQemu() throws {
        let job = try JobFile.load(Self.examples + "/kernel-job.yml")
        #expect(job.valueProblems().isEmpty, "\(job.valueProblems())")
        let kernel = try #require(job.backend as? KernelJob, "not a kernel job")
        #expect(kernel.baseConfig == "tinyconfig" && kernel.cpus == 1 && kernel.qemu == "qemu-system-x86_64")
        #expect(kernel.vms == 2 && kernel.memory == 512 && kernel.compilers?.count == 2)
        #expect(kernel.builtInFixes == true && job.reportedBy == "Fuzz Bot <bot@example.org>")
    }
}
