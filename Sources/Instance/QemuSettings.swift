/// How ``QemuTester`` boots its test machines.
public struct QemuSettings: Sendable, Hashable, Codable {
    /// Which QEMU accelerator to use.
    public enum Accelerator: String, Sendable, Hashable, Codable, CaseIterable {
        /// KVM when a probe boot with it reaches init, TCG otherwise (probed once per process).
        case auto
        case kvm
        case tcg
    }

    /// The reproducer the machines run.
    public var reproducer: Initramfs.Reproducer
    /// Directory for the initramfs and the compiled reproducer.
    public var workDirectory: String
    /// QEMU binary.
    public var qemu: String
    /// Machines booted in parallel.
    public var vms: Int
    /// Memory per machine, MiB.
    public var memory: Int
    /// Virtual CPUs per machine.
    public var cpus: Int
    /// Extra kernel command line, appended to ``baseCommandLine``.
    public var cmdline: String
    public var accelerator: Accelerator
    /// Time from start to the init marker.
    public var bootTimeout: Duration
    /// Time from the init marker to the end of the run.
    public var reproducerTimeout: Duration
    /// A machine silent for this long is stopped (hang or lost console).
    public var silenceTimeout: Duration
    /// Static busybox binary put into the initramfs.
    public var busybox: String

    /// Always on the command line: serial console, and every oops/warning (KASAN reports
    /// included) panics, and a panic reboots at once, which `-no-reboot` turns into QEMU's exit.
    /// `no_timer_check`: under TCG on a busy host the IO-APIC timer check fails ("IO-APIC +
    /// timer doesn't work!") on about a third of boots (measured: 21 of 60 runs).
    public static let baseCommandLine = "console=ttyS0 panic_on_warn=1 oops=panic panic=-1 nokaslr no_timer_check"

    public init(
        reproducer: Initramfs.Reproducer, workDirectory: String, qemu: String = "qemu-system-x86_64", vms: Int = 4,
        memory: Int = 512, cpus: Int = 1, cmdline: String = "", accelerator: Accelerator = .auto,
        bootTimeout: Duration = .seconds(180), reproducerTimeout: Duration = .seconds(300),
        silenceTimeout: Duration = .seconds(120), busybox: String = "/bin/busybox"
    ) {
        self.reproducer = reproducer
        self.workDirectory = workDirectory
        self.qemu = qemu
        self.vms = vms
        self.memory = memory
        self.cpus = cpus
        self.cmdline = cmdline
        self.accelerator = accelerator
        self.bootTimeout = bootTimeout
        self.reproducerTimeout = reproducerTimeout
        self.silenceTimeout = silenceTimeout
        self.busybox = busybox
    }

    /// The full kernel command line.
    public var commandLine: String {
        cmdline.isEmpty ? Self.baseCommandLine : Self.baseCommandLine + " " + cmdline
    }
}
