import Bisect
import Foundation
import Instance

extension KernelJob {
    /// File name endings of syzkaller programs.
    static let syzkallerEndings = [".syz", ".prog"]

    /// Whether the reproducer is a syzkaller program (run by syz-execprog in the VM).
    var isSyzkallerProgram: Bool {
        guard let reproducer else { return false }
        return Self.syzkallerEndings.contains { reproducer.hasSuffix($0) }
    }

    /// `syz-execprog` and `syz-executor` in the `syzkaller` directory (directly, or in
    /// `bin/linux_amd64` of a syzkaller build), or nil for each that is missing.
    func syzkallerBinaries() -> (execprog: String?, executor: String?) {
        guard let syzkaller else { return (nil, nil) }
        let root = resolve(syzkaller)
        func find(_ name: String) -> String? {
            [root + "/" + name, root + "/bin/linux_amd64/" + name, root + "/bin/" + name]
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        return (find("syz-execprog"), find("syz-executor"))
    }

    /// What is missing to run a syzkaller reproducer, each naming what to do.
    func syzkallerProblems() -> [String] {
        guard isSyzkallerProgram, let reproducer else { return [] }
        guard let syzkaller else {
            return [
                "kernel: the reproducer \(resolve(reproducer)) is a syzkaller program: this bug needs syzkaller's "
                    + "binaries for the test machine: give 'syzkaller: DIR' (or --syzkaller DIR), a directory holding "
                    + "syz-execprog and syz-executor for linux/amd64 (bin/linux_amd64 of a syzkaller build), "
                    + "or a C reproducer"
            ]
        }
        let (execprog, executor) = syzkallerBinaries()
        var problems: [String] = []
        for (name, found) in [("syz-execprog", execprog), ("syz-executor", executor)] where found == nil {
            problems.append(
                "kernel: no executable \(name) in \(resolve(syzkaller)) or its bin/linux_amd64: build syzkaller "
                    + "for linux/amd64 (make) and give its directory")
        }
        return problems
    }

    /// What the VM runs: the C file compiled, a program copied, or the syzkaller program with
    /// execprog and the executor.
    var vmReproducer: Initramfs.Reproducer {
        let path = resolve(reproducer ?? "")
        guard isSyzkallerProgram else { return .file(path) }
        let (execprog, executor) = syzkallerBinaries()
        return .syzkaller(
            program: path, execprog: execprog ?? "", executor: executor ?? "", arguments: syzkallerArguments)
    }
}
