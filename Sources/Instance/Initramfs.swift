import Foundation
import Model
import Support

/// The initramfs Culprit boots its test machines with: busybox (static), the reproducer, and an
/// `/init` that mounts proc/sys/devtmpfs/debugfs, prints ``Initramfs/initMarker``, runs the
/// reproducer, prints ``Initramfs/doneMarker`` and reboots (QEMU runs with `-no-reboot`, so
/// the reboot ends it).
///
/// The archive is written directly in the kernel's `newc` cpio format, so it needs neither root
/// (for `/dev/console`) nor the `cpio` tool.
public enum Initramfs {
    /// Printed by `/init` once user space runs: the machine booted.
    public static let initMarker = "culprit-init: init reached"
    /// Printed by `/init` after the reproducer returned.
    public static let doneMarker = "culprit-init: reproducer done"
    /// Printed by `/init` with the reproducer's exit status.
    public static let statusPrefix = "culprit-init: reproducer exit status "

    /// What the test machine runs.
    public enum Reproducer: Sendable, Hashable, Codable {
        /// A C source file, compiled statically on the host (`gcc -static`).
        case c(path: String)
        /// A program or script (with a `#!` line; `#!/bin/sh` gets busybox's shell) copied as is.
        case program(path: String)
        /// A syzkaller program run by `syz-execprog` (with `syz-executor` beside it in `/syz`)
        /// with `arguments` (the program's options as execprog flags).
        case syzkaller(program: String, execprog: String, executor: String, arguments: [String])

        /// `.c` files are compiled; anything else is copied.
        public static func file(_ path: String) -> Reproducer {
            path.hasSuffix(".c") ? .c(path: path) : .program(path: path)
        }

        public var path: String {
            switch self {
            case .c(let path), .program(let path): path
            case .syzkaller(let program, _, _, _): program
            }
        }
    }

    /// The `/init` script.
    static let initScript = """
        #!/bin/busybox sh
        /bin/busybox mount -t proc proc /proc
        /bin/busybox --install -s /bin
        export PATH=/bin
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev
        mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
        echo "\(initMarker)"
        /repro
        echo "\(statusPrefix)$?"
        echo "\(doneMarker)"
        sync
        reboot -f

        """

    /// Builds the initramfs at `output` from `busybox` (a static binary) and `reproducer`;
    /// `workDirectory` holds the compiled reproducer.
    public static func build(
        reproducer: Reproducer, busybox: String = "/bin/busybox", output: String, workDirectory: String
    ) async throws {
        guard let busyboxData = FileManager.default.contents(atPath: busybox) else {
            throw CulpritError.infrastructure(
                "cannot read busybox at \(busybox); install busybox-static (scripts/install-deps --kernel)")
        }
        guard FileManager.default.fileExists(atPath: reproducer.path) else {
            throw CulpritError.badInput("the reproducer \(reproducer.path) does not exist; check the job's reproducer")
        }
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let program: Data
        var extraFiles: [(String, Data)] = []
        switch reproducer {
        case .c(let path):
            let binary = workDirectory + "/repro"
            let result = try await ProcessRunner.run(
                "gcc", ["-static", "-O2", "-o", binary, path, "-lpthread"], mergeStandardError: true,
                timeout: .seconds(300))
            guard result.succeeded, let data = FileManager.default.contents(atPath: binary) else {
                throw CulpritError.badInput(
                    "the C reproducer \(path) does not compile with gcc -static: \(result.tail(5))")
            }
            program = data
        case .program(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CulpritError.badInput("cannot read the reproducer \(path)")
            }
            program = data
        case .syzkaller(let path, let execprog, let executor, let arguments):
            for (name, file) in [("syz/repro.syz", path), ("syz/syz-execprog", execprog), ("syz/syz-executor", executor)] {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CulpritError.badInput("cannot read \(file) (for /\(name) in the test machine)")
                }
                extraFiles.append((name, data))
            }
            program = Data(Self.syzkallerScript(arguments: arguments).utf8)
        }
        var archive = InitramfsArchive()
        for directory in ["bin", "dev", "proc", "sys", "tmp", "root"] {
            archive.directory(directory)
        }
        archive.characterDevice("dev/console", major: 5, minor: 1)
        archive.file("bin/busybox", Array(busyboxData), mode: 0o755)
        archive.symlink("bin/sh", target: "busybox")
        archive.file("init", Array(initScript.utf8), mode: 0o755)
        archive.file("repro", Array(program), mode: 0o755)
        if !extraFiles.isEmpty { archive.directory("syz") }
        for (name, data) in extraFiles { archive.file(name, Array(data), mode: 0o755) }
        archive.finish()
        do {
            try Data(archive.bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CulpritError.infrastructure("cannot write the initramfs \(output): \(error)")
        }
    }

    /// `/repro` for a syzkaller program: execprog finds syz-executor beside it (newer
    /// syzkaller) or in the working directory (older), so both live in `/syz`.
    static func syzkallerScript(arguments: [String]) -> String {
        "#!/bin/sh\ncd /syz\nexec ./syz-execprog " + (arguments + ["repro.syz"]).joined(separator: " ") + "\n"
    }
}
