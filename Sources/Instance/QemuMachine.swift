import Foundation
import Model
import Support
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One QEMU virtual machine run: boots the kernel with the initramfs, writes the serial
/// console to a file, and stops the machine when it overstays its boot or reproducer time or
/// goes silent.
public struct QemuMachine: Sendable {
    /// Why Culprit stopped a machine.
    public enum StopReason: String, Sendable, Hashable {
        /// No init marker within the boot timeout.
        case boot
        /// Still running after the reproducer timeout.
        case reproducer
        /// No console output for the silence timeout.
        case silence
    }

    /// How a machine run ended.
    public enum End: Sendable, Hashable {
        /// QEMU exited by itself (status text).
        case exited(String)
        /// Culprit stopped it.
        case stopped(StopReason)
        /// QEMU could not start or failed before the guest printed anything.
        case failedToStart(String)
    }

    public var settings: QemuSettings
    public var kernel: String
    public var initramfs: String
    public var accelerator: QemuSettings.Accelerator
    public var consolePath: String

    public init(
        settings: QemuSettings, kernel: String, initramfs: String, accelerator: QemuSettings.Accelerator,
        consolePath: String
    ) {
        self.settings = settings
        self.kernel = kernel
        self.initramfs = initramfs
        self.accelerator = accelerator
        self.consolePath = consolePath
    }

    /// QEMU's arguments.
    public var arguments: [String] {
        var arguments = [
            "-no-user-config", "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
            "-m", "\(settings.memory)", "-smp", "\(settings.cpus)",
            "-kernel", kernel, "-initrd", initramfs, "-append", settings.commandLine,
        ]
        switch accelerator {
        case .kvm: arguments += ["-accel", "kvm", "-cpu", "host"]
        case .tcg, .auto: arguments += ["-accel", "tcg"]
        }
        return arguments
    }

    /// Boots the machine and waits until it ends or is stopped.
    /// - Throws: `CulpritError` `.cancelled` when the calling task is cancelled.
    public func run() async throws -> End {
        let hardLimit = settings.bootTimeout + settings.reproducerTimeout + .seconds(60)
        let consolePath = self.consolePath
        let (settings, arguments) = (self.settings, self.arguments)
        let end = try await withThrowingTaskGroup(of: End?.self) { group in
            group.addTask {
                do {
                    // Below a process guard: QEMU ends with the run, and with Culprit even after kill -9.
                    let result = try await ProcessRunner.run(
                        settings.qemu, arguments, output: .file(consolePath), timeout: hardLimit, contained: true)
                    if result.timedOut { return .stopped(.reproducer) }
                    let size = (try? FileManager.default.attributesOfItem(atPath: consolePath)[.size] as? Int) ?? 0
                    if !result.succeeded && size == 0 {
                        let reason = result.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
                        return .failedToStart(reason.isEmpty ? "qemu: \(result.status)" : String(reason.suffix(500)))
                    }
                    return .exited(result.status.description)
                } catch let error as CulpritError where error.code == .cancelled {
                    return nil
                } catch let error as CulpritError where error.code == .infrastructure {
                    return .failedToStart(error.message)
                }
            }
            group.addTask { await self.watch() }
            var end: End? = nil
            while let value = try await group.next() {
                if let value, end == nil {
                    end = value
                    group.cancelAll()
                }
            }
            return end
        }
        guard let end else { throw CulpritError(.cancelled, "cancelled while running a test machine") }
        return end
    }

    /// Watches the console file; returns why the machine must stop, or nil when cancelled.
    private func watch() async -> End? {
        let clock = ContinuousClock()
        let started = clock.now
        var lastSize = -1
        var lastChange = started
        var initReached: ContinuousClock.Instant? = nil
        let marker = Array(Initramfs.initMarker.utf8)
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(250)) } catch { return nil }
            let now = clock.now
            let data = FileManager.default.contents(atPath: consolePath) ?? Data()
            if data.count != lastSize {
                lastSize = data.count
                lastChange = now
            }
            if initReached == nil, data.range(of: Data(marker)) != nil { initReached = now }
            if let initReached {
                if now - initReached > settings.reproducerTimeout { return .stopped(.reproducer) }
            } else if now - started > settings.bootTimeout {
                return .stopped(.boot)
            }
            if now - lastChange > settings.silenceTimeout { return .stopped(.silence) }
        }
        return nil
    }
}
