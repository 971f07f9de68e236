import Foundation

/// Writes a cpio archive in the `newc` format the kernel unpacks as initramfs.
struct InitramfsArchive {
    private(set) var bytes: [UInt8] = []
    private var inode = 1

    mutating func directory(_ name: String) { entry(name, mode: 0o040755, data: []) }

    mutating func file(_ name: String, _ data: [UInt8], mode: Int) { entry(name, mode: 0o100000 | mode, data: data) }

    mutating func symlink(_ name: String, target: String) {
        entry(name, mode: 0o120777, data: Array(target.utf8))
    }

    mutating func characterDevice(_ name: String, major: Int, minor: Int) {
        entry(name, mode: 0o020600, data: [], rdev: (major, minor))
    }

    /// The trailer entry that ends the archive.
    mutating func finish() { entry("TRAILER!!!", mode: 0, data: [], links: 1) }

    private mutating func entry(
        _ name: String, mode: Int, data: [UInt8], rdev: (Int, Int) = (0, 0), links: Int? = nil
    ) {
        let fields = [
            inode, mode, 0, 0, links ?? (mode & 0o170000 == 0o040000 ? 2 : 1), 0, data.count, 0, 0,
            rdev.0, rdev.1, name.utf8.count + 1, 0,
        ]
        inode += 1
        var header = "070701"
        for field in fields { header += String(format: "%08X", field) }
        bytes += Array(header.utf8) + Array(name.utf8) + [0]
        pad()
        bytes += data
        pad()
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }
}
