import Foundation
import Support
import TestSupport
import Testing

/// Culprit's kernel end-to-end proof (`scripts/kernel-e2e`): a real cause and fix bisection of a
/// kernel repository with a planted KASAN use-after-free. It runs only with CULPRIT_KERNEL_E2E=1
/// (CI sets it; a local `swift test` skips it).
@Suite(
    "Kernel end to end", .tags(.heavy),
    .enabled(
        if: ProcessInfo.processInfo.environment["CULPRIT_KERNEL_E2E"] == "1",
        "set CULPRIT_KERNEL_E2E=1 to run the kernel end-to-end bisections"))
struct KernelE2ETests {
    @Test("culprit bisect --job finds the planted cause and fix commits of a real kernel")
    func kernelBisections() async throws {
        let root = TestSupport.packageRoot
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-kernel-e2e.log").path
        // The script must use the culprit this test run built: `swift build` from inside
        // `swift test` would wait forever for the build directory's lock.
        let result = try await ProcessRunner.run(
            root + "/scripts/kernel-e2e", [], directory: root, environment: ["CULPRIT_BINARY": try DemoTests.culprit()],
            output: .file(log), mergeStandardError: true,
            timeout: .seconds(4 * 3600))
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        print(text)
        #expect(result.succeeded, "scripts/kernel-e2e failed (\(result.status)); log \(log)")
        #expect(text.contains("OK: cause bisection found"))
        #expect(text.contains("OK: fix bisection found"))
    }
}
