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

    /// Source files named in `lines`, in order (`path/file.c:123` tokens).
    static func files(in lines: some Sequence<String>, stopAtSpecific: Bool = false) -> [String] {
        var result: [String] = []
        for line in lines {
            // Lockdep's "hardirqs last enabled at (N): ..." lines name the irq code, not the bug.
            guard line.contains(":"), !line.contains("irqs last ") else { continue }
            for token in line.split(separator: " ") {
                guard let colon = token.firstIndex(of: ":"), colon > token.startIndex else { continue }
                let path = token[..<colon]
                guard path.contains("/") || path.contains("."),
                    token[token.index(after: colon)...].first?.isASCIIDigit == true,
                    let dot = path.lastIndex(of: "."), path[path.index(after: dot)...].allSatisfy({ $0.isASCIILetter }),
                    path.index(after: dot) < path.endIndex,
                    path.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "-_/.+".contains($0) })
                else { continue }
                let file = clean(String(path))
                result.append(file)
                if stopAtSpecific && !isGeneric(file) { return result }
            }
        }
        return result
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
        if let file = firstSpecific(in: lines) { return file }
        // A report cut short by the next one: its stack is often printed after the interruption.
        if let file = firstSpecific(in: trailing) { return file }
        return files(in: lines.prefix(400)).first
    }

    private static func firstSpecific(in lines: some Sequence<String>) -> String? {
        files(in: lines, stopAtSpecific: true).last.flatMap { isGeneric($0) ? nil : $0 }
    }
}
