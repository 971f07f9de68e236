/// Picks the source file to blame: the first file named in the report that is not generic
/// (headers, lib/, sanitizers, allocators, locking, scheduler, printk, core networking glue).
enum GuiltyFile {
    static let useTitleFrame = false
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
    static func files(in lines: some Sequence<String>) -> [String] {
        var result: [String] = []
        for line in lines {
            // Lockdep's "hardirqs last enabled at (N): ..." lines name the irq code, not the bug.
            guard line.contains(":"), !line.contains("irqs last ") else { continue }
            for token in line.split(separator: " ") {
                guard let colon = token.firstIndex(of: ":"), colon > token.startIndex else { continue }
                let path = token[..<colon]
                guard path.contains("/") || path.contains("."),
                    token[token.index(after: colon)...].first?.isNumber == true,
                    let dot = path.lastIndex(of: "."), path[path.index(after: dot)...].allSatisfy({ $0.isLetter }),
                    path.index(after: dot) < path.endIndex,
                    path.allSatisfy({ $0.isLetter || $0.isNumber || "-_/.+".contains($0) })
                else { continue }
                result.append(clean(String(path)))
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

    static func guilty(title: String, frame: String?, lines: [String], trailing: [String] = []) -> String? {
        // The frame the title names is the best witness: its own source file, when printed.
        if useTitleFrame, let frame, !title.hasPrefix("INFO: rcu detected stall") {
            for line in lines.prefix(600) where line.contains(frame) {
                guard let parsed = FrameLine.frame(line),
                    parsed.function == frame || SymbolDemangler.demangle(parsed.function) == frame,
                    let file = parsed.file
                else { continue }
                let cleaned = clean(file)
                if !isGeneric(cleaned) { return cleaned }
                break
            }
        }
        if title.hasPrefix("INFO: rcu detected stall") {
            if let i = lines.firstIndex(where: { $0.contains(" apic_timer_interrupt+0x") }),
                let file = pick(files(in: lines[i...]))
            {
                return file
            }
        }
        let own = files(in: lines)
        if let file = own.first(where: { !isGeneric($0) }) { return file }
        // A report cut short by the next one: its stack is often printed after the interruption.
        if let file = files(in: trailing).first(where: { !isGeneric($0) }) { return file }
        return own.first
    }

    private static func pick(_ files: [String]) -> String? {
        files.first(where: { !isGeneric($0) }) ?? files.first
    }
}
