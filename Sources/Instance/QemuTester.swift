import CrashReport
import Foundation
import Model
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the reproducer in QEMU virtual machines booting the built kernel.
///
/// Each run boots one machine with Culprit's initramfs (``Initramfs``), keeps its serial
/// console in `request.logDirectory/run-N.log`, and is classified from that console with
/// `CrashReport`: a crash after the init marker is `crashed`, a crash or timeout before it is
/// `bootFailed`, silence or a console that ends without the done marker is `timedOut`, QEMU
/// failing to start is `infrastructureFailure`, the done marker without a report is `ok`.
/// `vms` machines run at once. QEMU's exit status means nothing (it exits 0 after a panic
/// too): only the console decides.
///
/// No QEMU outlives a run or Culprit: each runs below a process guard (see `ProcessGuard` in
/// Support) that ends it on timeout, cancellation and Culprit's termination, and as soon as
/// Culprit's process is gone (even after `kill -9` of Culprit).
public struct QemuTester: Tester {
    public let settings: QemuSettings
    private let preparation: QemuPreparation

    public init(settings: QemuSettings) {
        self.settings = settings
        self.preparation = QemuPreparation(settings: settings)
    }

    public func test(
        _ request: TestRequest, onRun: @escaping @Sendable (RunResult) throws -> Void
    ) async throws -> [RunResult] {
        guard let kernel = request.artifact.files["kernel"] else {
            throw CulpritError.infrastructure("the build artifact has no kernel image (files[\"kernel\"])")
        }
        let initramfs = try await preparation.initramfs()
        let accelerator = try await preparation.accelerator(
            kernel: kernel, initramfs: initramfs, logDirectory: request.logDirectory)
        return try await RunPool.run(Array(request.runs), width: settings.vms, onRun: onRun) { index in
            try await self.run(
                index: index, kernel: kernel, initramfs: initramfs, accelerator: accelerator,
                logPath: request.logDirectory + "/run-\(index).log")
        }
    }

    /// The accelerator runs use (probing KVM with a real boot the first time, when `auto`).
    public func accelerator(kernel: String, logDirectory: String) async throws -> QemuSettings.Accelerator {
        let initramfs = try await preparation.initramfs()
        return try await preparation.accelerator(kernel: kernel, initramfs: initramfs, logDirectory: logDirectory)
    }

    /// Boots one machine and classifies its console.
    func run(
        index: Int, kernel: String, initramfs: String, accelerator: QemuSettings.Accelerator, logPath: String
    ) async throws -> RunResult {
        let started = ContinuousClock.now
        let machine = QemuMachine(
            settings: settings, kernel: kernel, initramfs: initramfs, accelerator: accelerator, consolePath: logPath)
        let end = try await machine.run()
        let console = FileManager.default.contents(atPath: logPath).map { [UInt8]($0) } ?? []
        let outcome = Self.classify(console: console, end: end, settings: settings)
        return RunResult(
            index: index, outcome: outcome, seconds: (ContinuousClock.now - started).seconds, logPath: logPath)
    }

    /// Decides a run's outcome from its console text and how the machine ended.
    public static func classify(console: [UInt8], end: QemuMachine.End, settings: QemuSettings) -> RunOutcome {
        let text = String(decoding: console, as: UTF8.self)
        let reports = ReportParser().parse(console).filter { !$0.suppressed }
        let initReached = text.contains(Initramfs.initMarker)
        let done = text.contains(Initramfs.doneMarker)
        let lastLines = Self.lastLines(text, 20)
        if case .failedToStart(let reason) = end, !initReached, reports.isEmpty {
            return .infrastructureFailure(reason: reason)
        }
        if !initReached {
            if let report = reports.first { return .bootFailed(reason: report.title) }
            switch end {
            case .stopped(.boot): return .bootFailed(reason: "no init marker within \(settings.bootTimeout)")
            case .stopped(.silence):
                return .bootFailed(reason: "no console output for \(settings.silenceTimeout) while booting")
            default:
                let last = lastLines.split(separator: "\n").last.map(String.init) ?? "no console output"
                return .bootFailed(reason: "machine stopped before init: \(last)")
            }
        }
        if let report = reports.first { return .crashed(title: report.title, report: report.text) }
        switch end {
        case .stopped(.reproducer):
            return .timedOut(lastLines: "reproducer still running after \(settings.reproducerTimeout)\n" + lastLines)
        case .stopped(.silence):
            return .timedOut(lastLines: "no console output for \(settings.silenceTimeout)\n" + lastLines)
        case .stopped(.boot), .exited, .failedToStart:
            if done { return .ok }
            return .timedOut(lastLines: "lost connection: the console ended before the done marker\n" + lastLines)
        }
    }

    static func lastLines(_ text: String, _ count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).suffix(count).joined(separator: "\n")
    }
}

