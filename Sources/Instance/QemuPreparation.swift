import Foundation
import Model
import Support
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What ``QemuTester`` prepares once: the initramfs (per tester) and the accelerator choice
/// (probed with a real boot, then cached for a while: see ``AcceleratorProbe``).
actor QemuPreparation {
    let settings: QemuSettings
    private var initramfsTask: Task<String, any Error>? = nil

    /// The accelerator `auto` resolved to, and when.
    private static let probed = Mutex(AcceleratorProbe())

    init(settings: QemuSettings) { self.settings = settings }

    /// The initramfs path, built on first use.
    func initramfs() async throws -> String {
        if let initramfsTask { return try await initramfsTask.value }
        let settings = self.settings
        let task = Task<String, any Error> {
            let output = settings.workDirectory + "/initramfs.cpio"
            try Self.makeDirectory(settings.workDirectory)
            try await Initramfs.build(
                reproducer: settings.reproducer, busybox: settings.busybox, output: output,
                workDirectory: settings.workDirectory)
            return output
        }
        initramfsTask = task
        do {
            return try await task.value
        } catch {
            initramfsTask = nil
            throw error
        }
    }

    /// The accelerator to boot with. For `auto`: TCG when /dev/kvm cannot be opened, otherwise
    /// a probe boot with KVM (console kept in `logDirectory/kvm-probe.log`) decides.
    func accelerator(kernel: String, initramfs: String, logDirectory: String) async throws
        -> QemuSettings.Accelerator
    {
        guard settings.accelerator == .auto else { return settings.accelerator }
        if let known = Self.probed.withLock({ $0.accelerator(at: .now) }) { return known }
        var chosen = QemuSettings.Accelerator.tcg
        let fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)
        if fd >= 0 {
            close(fd)
            var probeSettings = settings
            probeSettings.bootTimeout = .seconds(30)
            probeSettings.reproducerTimeout = .seconds(30)
            probeSettings.silenceTimeout = .seconds(20)
            let consolePath = logDirectory + "/kvm-probe.log"
            let machine = QemuMachine(
                settings: probeSettings, kernel: kernel, initramfs: initramfs, accelerator: .kvm,
                consolePath: consolePath)
            _ = try await machine.run()
            let console = FileManager.default.contents(atPath: consolePath) ?? Data()
            if console.range(of: Data(Initramfs.initMarker.utf8)) != nil { chosen = .kvm }
        }
        Self.probed.withLock { $0.record(chosen, at: .now) }
        return chosen
    }

    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CulpritError.infrastructure("cannot create \(path): \(error)")
        }
    }
}
