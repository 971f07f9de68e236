import Bisect
import Foundation
import JobConfig
import Testing

/// The job files shipped in `examples/` (which `culprit bisect --help` points to) load and are
/// valid: each setting they show is one the parser knows, with a value it accepts.
struct ExampleJobTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples").path

    @Test func commandJobLoadsWithEverySetting() throws {
        let job = try JobFile.load(Self.examples + "/command-job.yml")
        #expect(job.valueProblems().isEmpty, "\(job.valueProblems())")
        #expect(job.bad == "HEAD" && job.good == "v1.2" && job.runs == 8 && job.maxBuilds == 40 && job.maxRuns == 1000)
        guard case .command(let command)? = job.backend else {
            Issue.record("not a command job: \(String(describing: job.backend))")
            return
        }
        #expect(command.build == "make -j2" && command.test == "./run-reproducer.sh" && command.artifacts == ["prog"])
    }

    @Test func kernelJobLoadsWithCpusAndQemu() throws {
        let job = try JobFile.load(Self.examples + "/kernel-job.yml")
        #expect(job.valueProblems().isEmpty, "\(job.valueProblems())")
        guard case .kernel(let kernel)? = job.backend else {
            Issue.record("not a kernel job: \(String(describing: job.backend))")
            return
        }
        #expect(kernel.baseConfig == "tinyconfig" && kernel.cpus == 1 && kernel.qemu == "qemu-system-x86_64")
        #expect(kernel.vms == 2 && kernel.memory == 512 && kernel.compilers?.count == 2)
        #expect(kernel.builtInFixes == true && job.reportedBy == "Fuzz Bot <bot@example.org>")
    }
}
