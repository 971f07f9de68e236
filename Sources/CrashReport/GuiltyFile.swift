#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Picks the source file to blame: the first file named in the report that is not generic
/// (headers, lib/, sanitizers, allocators, locking, scheduler, printk, core networking glue).
enum GuiltyFile {
    private static let genericPrefixes = [
        "lib/", "virt/lib/", "mm/kasan/", "mm/kmsan/", "mm/kfence/", "kernel/kcov.c", "mm/percpu", "mm/vmalloc.c",
        "mm/page_alloc.c", "mm/util.c", "mm/memory.c", "kernel/rcu/", "kernel/locking/", "kernel/panic.c",
        "kernel/printk/printk", "kernel/softirq.c", "kernel/kthread.c", "kernel/sched/", "kernel/time/timer.c",
        "kernel/workqueue.c", "net/core/dev.c", "net/core/sock.c", "net/core/skbuff.c", "fs/proc/generic.c",
        "trusty/", "kernel/entry/", "kernel/irq/", "kernel/stacktrace.c", "kernel/exit.c",
        "drivers/usb/core/", "mm/mempool.c", "mm/filemap.c", "mm/folio-compat.c", "fs/inode.c", "fs/fs-writeback.c",
        "fs/libfs.c", "mm/kmemleak.c",
        "kernel/signal.c", "kernel/task_work.c", "mm/slab", "mm/slub.c", "mm/slob.c", "kernel/time/hrtimer.c",
        "kernel/time/timer.c", "init/main.c", "kernel/fork.c", "arch/x86/entry/", "kernel/trace/",
    ]

    private static func isGeneric(_ file: String) -> Bool {
        if file.hasSuffix(".h") { return true }
        if genericPrefixes.contains(where: { file.hasPrefix($0) }) { return true }
        if file.hasPrefix("arch/") {
            // Entry code, arch library routines and paravirt glue are shared by every caller.
            if file.contains("/entry") || file.contains("/lib/") || file.hasSuffix("/kernel/kvm.c") { return true }
            for tail in [
                "/kernel/traps.c", "/mm/fault.c", "/mm/physaddr.c", "/kernel/dumpstack.c",
                "/kernel/dumpstack_64.c", "/kernel/process.c", "/kernel/unwind_orc.c", "/kernel/stacktrace.c",
                "/kernel/apic/apic.c",
            ]
            where file.hasSuffix(tail) {
                return true
            }
        }
        return false
    }

    private static let irqsLast = Needle("irqs last ")

    /// Source files named in `lines`, in order (`path/file.c:123` tokens).
    static func files(in lines: some Sequence<String>, stopAtSpecific: Bool = false) -> [String] {
        var result: [String] = []
        forEachFile(in: lines) { file, _ in
            result.append(file)
            return !(stopAtSpecific && !isGeneric(file))
        }
        return result
    }

    /// Calls `body` with each source file named in `lines` and the index of its line among them,
    /// in order, until `body` returns false.
    private static func forEachFile(in lines: some Sequence<String>, _ body: (String, Int) -> Bool) {
        for (index, var line) in lines.enumerated() {
            // Lockdep's "hardirqs last enabled at (N): ..." lines name the irq code, not the bug.
            guard !irqsLast.occurs(in: line) else { continue }
            let more = line.withUTF8 { b in sourceTokens(in: b) { body(cleanToken($0), index) } }
            if !more { return }
        }
    }

    /// `path/file.ext` of every `path/file.ext:123` token in a line, read on bytes, passed to
    /// `body` until it returns false; false when it did.
    private static func sourceTokens(
        in b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        var i = 1
        while i + 1 < b.count, let base = b.baseAddress {
            // A colon followed by a digit ends a candidate token (colons found with memchr).
            guard let colon = memchr(base + i, Int32(UInt8(ascii: ":")), b.count - 1 - i) else { break }
            i = UnsafeRawPointer(colon).assumingMemoryBound(to: UInt8.self) - base
            guard b[i + 1] >= 48, b[i + 1] <= 57 else {
                i += 1
                continue
            }
            var start = i
            var dot = -1
            var valid = true
            while start > 0 {
                let c = b[start - 1]
                if c == 32 || c == 9 || c == UInt8(ascii: "(") || c == UInt8(ascii: "[") { break }
                let letter = (c | 0x20) >= 97 && (c | 0x20) <= 122
                let digit = c >= 48 && c <= 57
                if !(letter || digit || c == 45 || c == 95 || c == 47 || c == 46 || c == 43) {
                    valid = false
                    break
                }
                if c == 46 && dot < 0 { dot = start - 1 }
                start -= 1
            }
            // An extension of letters only: "file.c", "entry.S", "lib.rs".
            if valid, dot > start, dot + 1 < i,
                (dot + 1..<i).allSatisfy({ (b[$0] | 0x20) >= 97 && (b[$0] | 0x20) <= 122 })
            {
                if !body(UnsafeBufferPointer(rebasing: b[start..<i])) { return false }
            }
            i += 2
        }
        return true
    }

    /// `clean` of a token's bytes; a path with no empty, `.` or `..` part is already clean.
    private static func cleanToken(_ t: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: t, as: UTF8.self)
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        guard let first = t.first, first != slash, first != dot, t.last != slash else { return clean(text) }
        for k in 1..<t.count where t[k - 1] == slash && (t[k] == slash || t[k] == dot) { return clean(text) }
        return text
    }

    private static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    static func guilty(title: String, lines: [String], trailing: [String] = []) -> String? {
        if title.hasPrefix("INFO: rcu detected stall"),
            let i = lines.firstIndex(where: { $0.contains(" apic_timer_interrupt+0x") }),
            let file = firstSpecific(in: lines[i...])
        {
            return file
        }
        // One pass: the first specific file, else the first file of all (kept if within 400 lines).
        var first: String?
        var specific: String?
        forEachFile(in: lines) { file, index in
            if first == nil && index < 400 { first = file }
            if !isGeneric(file) {
                specific = file
                return false
            }
            return true
        }
        if let specific { return specific }
        // A report cut short by the next one: its stack is often printed after the interruption.
        if let file = firstSpecific(in: trailing) { return file }
        return first
    }

    private static func firstSpecific(in lines: some Sequence<String>) -> String? {
        files(in: lines, stopAtSpecific: true).last.flatMap { isGeneric($0) ? nil : $0 }
    }
}
