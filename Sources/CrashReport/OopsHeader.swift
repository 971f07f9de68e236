/// A marker that starts a crash report in kernel or program output, with the lines that contain
/// the marker but are known not to be crashes.
struct OopsHeader: Sendable {
    /// Family name used to pick the title rules.
    enum Family: Sendable {
        case bug, warning, info, armPagingRequest, gpf, stackSegment, kernelPanic, doubleFault, kernelBug
        case kernelBugCapital, slabBug, divideError, invalidOpcode, ubsan, reboot, netdevice, trusty
        case unhandledFault, alignmentTrap, internalError, int3, stackOverflow, syzFail, syzFatal
        case goPanic, goFatal, rustKernelPanic, vfsBusyInodes, vfsFileCount, userSanitizer, rustPanic
    }

    let marker: String
    let family: Family
    /// The marker must begin the message text (not just appear inside it).
    let atLineStart: Bool
    /// Lines holding the marker that are not crash reports.
    let notCrash: @Sendable (String) -> Bool
    /// The marker's UTF-8 bytes.
    let markerBytes: [UInt8]
    /// The marker starts with a letter: it must not continue an identifier.
    private let markerIsWord: Bool
    /// A capitalised tag such as `INFO:`: a space or the line's end follows it.
    private let markerIsTag: Bool

    init(
        marker: String, family: Family, atLineStart: Bool = false,
        notCrash: @escaping @Sendable (String) -> Bool = { _ in false }
    ) {
        self.marker = marker
        self.family = family
        self.atLineStart = atLineStart
        self.notCrash = notCrash
        markerBytes = Array(marker.utf8)
        markerIsWord = marker.first?.isASCIILetter ?? false
        markerIsTag = marker.hasSuffix(":") && (marker.first?.isASCIIUpper ?? false)
    }

    /// The kernel and user-space markers, in priority order for a line holding several.
    static let all: [OopsHeader] = [
        OopsHeader(marker: "BUG:", family: .bug) { line in
            line.contains("ODEBUG:") || line.contains("Boot_DEBUG:") || line.contains("xlog_status:")
                || line.contains("DEBUG:") || line.contains("BUG: no syscalls can create resource")
        },
        OopsHeader(marker: "WARNING:", family: .warning) { original in
            let line = original.lowercased()
            return line.contains("warning: /etc/ssh/moduli does not exist")
                || line.contains("warning: workqueue cpumask: online intersect > possible intersect")
                || line.contains("warning: see https://") || line.contains("warning: support for")
                || line.contains("warning: threadsanitizer:") || line.contains("warning: data race")
                // Informational prints that use the word but are not kernel bugs.
                || line.contains("warning: the mand mount option")
                || line.contains("warning: fbcon: driver") || line.contains("warning: unsupported flag value(s)")
                || line.contains("uses deprecated v2 capabilities") || line.contains("uses wireless extensions")
                || line.contains("warning: reset corrupted agfl")
                || OopsHeader.isNotice(line)
        },
        OopsHeader(marker: "INFO:", family: .info) { line in
            line.contains("INFO: lockdep is turned off") || line.contains("INFO: Stall ended before state dump start")
                || line.contains("INFO: NMI handler") || line.contains("INFO: recovery required on readonly filesystem")
                || line.contains("_INFO::") || line.contains("INFO: no syscalls can create resource")
                || (line.contains("INFO: sys_") && line.contains("is not present in /proc/kallsyms"))
                || ((line.contains("handler") || line.contains("interrupt")) && line.contains("took too long"))
        },
        OopsHeader(marker: "Unable to handle kernel", family: .armPagingRequest),
        OopsHeader(marker: "general protection fault", family: .gpf, notCrash: userTrap),
        OopsHeader(marker: "stack segment: ", family: .stackSegment),
        OopsHeader(marker: "Kernel panic", family: .kernelPanic),
        OopsHeader(marker: "PANIC: double fault", family: .doubleFault),
        OopsHeader(marker: "kernel BUG", family: .kernelBug),
        OopsHeader(marker: "Kernel BUG", family: .kernelBugCapital),
        OopsHeader(marker: "BUG kmalloc-", family: .slabBug),
        OopsHeader(marker: "divide error:", family: .divideError, notCrash: userTrap),
        OopsHeader(marker: "divide_error:", family: .divideError, notCrash: userTrap),
        OopsHeader(marker: "invalid opcode:", family: .invalidOpcode, notCrash: userTrap),
        OopsHeader(marker: "UBSAN:", family: .ubsan),
        OopsHeader(marker: "Booting the kernel.", family: .reboot, atLineStart: true),
        OopsHeader(marker: "unregister_netdevice: waiting for", family: .netdevice),
        OopsHeader(marker: "trusty: panic", family: .trusty),
        OopsHeader(marker: "Unhandled fault", family: .unhandledFault),
        OopsHeader(marker: "Alignment trap", family: .alignmentTrap),
        OopsHeader(marker: "Internal error:", family: .internalError),
        OopsHeader(marker: "int3:", family: .int3, notCrash: userTrap),
        OopsHeader(marker: "kernel stack overflow", family: .stackOverflow),
        OopsHeader(marker: "Insufficient stack space to handle exception", family: .stackOverflow),
        OopsHeader(marker: "SYZFAIL:", family: .syzFail),
        OopsHeader(marker: "SYZFATAL:", family: .syzFatal),
        OopsHeader(marker: "rust_kernel: panicked", family: .rustKernelPanic),
        OopsHeader(marker: "VFS: Busy inodes after unmount", family: .vfsBusyInodes),
        OopsHeader(marker: "VFS: Close: file count is 0", family: .vfsFileCount),
        OopsHeader(marker: "panic: ", family: .goPanic, atLineStart: true),
        OopsHeader(marker: "fatal error: ", family: .goFatal, atLineStart: true),
        OopsHeader(marker: "ERROR: AddressSanitizer:", family: .userSanitizer),
        OopsHeader(marker: "ERROR: LeakSanitizer:", family: .userSanitizer),
        OopsHeader(marker: "ERROR: HWAddressSanitizer:", family: .userSanitizer),
        OopsHeader(marker: "ERROR: MemorySanitizer:", family: .userSanitizer),
        OopsHeader(marker: "WARNING: ThreadSanitizer:", family: .userSanitizer),
        OopsHeader(marker: "WARNING: MemorySanitizer:", family: .userSanitizer),
        OopsHeader(marker: "runtime error: ", family: .userSanitizer),
        OopsHeader(marker: "WARNING: DATA RACE", family: .userSanitizer, atLineStart: true),
        OopsHeader(marker: "' panicked at ", family: .rustPanic),
        // Rust 1.88+ prints the thread id: `thread 'main' (22299) panicked at src/main.rs:1:45:`.
        OopsHeader(marker: ") panicked at ", family: .rustPanic) { line in !line.hasPrefix("thread '") },
    ]

    /// Boot-time notices printed with `WARNING:` that are not crashes: CPU vulnerability and
    /// mitigation reports (arch/x86/kernel/cpu/bugs.c and friends, prefixed by the bug's name as
    /// in `Spectre V2 : WARNING: ...` or worded as `... data leaks possible!`) and kernels built
    /// without a feature (`WARNING: kernel not compiled with ...`). `line` is lower-cased.
    static func isNotice(_ line: String) -> Bool {
        for words in [
            "data leaks possible", "mitigation", "not compiled with", "vulnerable to", "unprivileged ebpf",
            "spectre", "retbleed", "meltdown", "mds:", "mmio stale data", "srso",
        ] where line.contains(words) {
            // A WARN_ON splat names its place (`at file.c:123`); a notice never does.
            return !line.contains(" pid: ") && !line.contains(".c:")
        }
        return false
    }

    /// A user-space fault the kernel merely logs: `traps: prog[12] general protection fault ip:...`.
    static let userTrap: @Sendable (String) -> Bool = { line in line.contains("traps: ") || line.contains(" ip:") }

    /// Does this (prefix-stripped) line start a report of this kind?
    func matches(_ text: String) -> Bool {
        if atLineStart {
            guard text.hasPrefix(marker) else { return false }
            return !notCrash(text)
        }
        var text = text
        let found = text.withUTF8 { t -> Bool in
            var from = 0
            while from < t.count {
                let rest = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(t)[from...])
                guard let at = markerBytes.withUnsafeBytes({ ByteSearch.offset(of: $0, in: rest) }) else {
                    return false
                }
                let start = from + at
                from = start + 1
                // The marker must not continue an identifier: "CAM_INFO:" is not "INFO:" (a lower-case
                // letter before it is a lost newline, as in "...accessgeneral protection fault").
                if start > 0 && markerIsWord {
                    let before = t[start - 1]
                    if (before >= 65 && before <= 90) || (before >= 48 && before <= 57) || before == 95 { continue }
                }
                // "INFO:", "BUG:", "WARNING:" are followed by a space or end the line ("INFO:foo" is a log tag).
                let after = start + markerBytes.count
                if markerIsTag && after < t.count && t[after] != 32 && t[after] != 9 { return false }
                return true
            }
            return false
        }
        return found && !notCrash(text)
    }

    /// The first header whose marker starts a report on this line. One pass over the line finds
    /// the markers it holds (by first byte, as `PatternSet` does); only those headers are checked.
    static func match(_ text: String) -> OopsHeader? {
        var text = text
        let present = text.withUTF8 { t -> UInt64 in
            var mask: UInt64 = 0
            for i in 0..<t.count where markerFirstBytes[Int(t[i])] {
                for k in markersByFirstByte[Int(t[i])] where startsWith(all[k].markerBytes, t, at: i) {
                    mask |= 1 << UInt64(k)
                }
            }
            return mask
        }
        guard present != 0 else { return nil }
        for k in all.indices where present & (1 << UInt64(k)) != 0 && all[k].matches(text) {
            return all[k]
        }
        return nil
    }

    /// Indices into `all` by the first byte of their marker (`all` has at most 64 headers, one bit each).
    private static let markersByFirstByte: [[Int]] = {
        precondition(all.count <= 64, "OopsHeader.match keeps one bit per header")
        var buckets = [[Int]](repeating: [], count: 256)
        for (k, header) in all.enumerated() { buckets[Int(header.markerBytes[0])].append(k) }
        return buckets
    }()
    private static let markerFirstBytes = markersByFirstByte.map { !$0.isEmpty }

    @inline(__always)
    private static func startsWith(_ m: [UInt8], _ t: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard m.count <= t.count - i else { return false }
        for k in 1..<m.count where t[i + k] != m[k] {
            return false
        }
        return true
    }
}
