/// Titles for `BUG:` reports: sanitizers (KASAN, KMSAN, KCSAN, KFENCE), faults, lockups,
/// locking, memory leaks and assorted kernel self-checks.
enum BugTitles {
    static func describe(_ c: TitleContext) -> Description {
        let t = c.tail
        if t.hasPrefix("BUG: KASAN: ") { return kasan(c) }
        if t.hasPrefix("BUG: KMSAN: ") { return kmsan(c) }
        if t.hasPrefix("BUG: KCSAN: ") { return kcsan(c) }
        if t.hasPrefix("BUG: KFENCE: ") { return kfence(c) }
        if t.hasPrefix("BUG: unable to handle kernel paging request")
            || t.hasPrefix("BUG: unable to handle page fault for address")
            || t.hasPrefix("BUG: Unable to handle kernel data access")
        {
            return c.titled("BUG: unable to handle kernel paging request in ", .ipThenTrace)
        }
        if t.hasPrefix("BUG: unable to handle kernel NULL pointer dereference")
            || t.hasPrefix("BUG: kernel NULL pointer dereference")
            || t.hasPrefix("BUG: Kernel NULL pointer dereference")
        {
            return c.titled("BUG: unable to handle kernel NULL pointer dereference in ", .ipThenTrace)
        }
        if t.hasPrefix("BUG: unable to handle kernel") || t.hasPrefix("BUG: Unable to handle kernel") {
            return Description(title: "BUG: unable to handle kernel", corrupted: "truncated fault header")
        }
        for kind in ["lockup suspected", "already unlocked", "recursion", "bad magic", "wrong owner", "wrong CPU"] {
            for lock in ["spinlock", "rwlock"] where t.hasPrefix("BUG: \(lock) \(kind)") {
                return c.titled("BUG: \(lock) \(kind) in ", StackSpec.callTrace.with(skip: ["spin_", "_lock"]))
            }
        }
        if t.contains("BUG: soft lockup") {
            return c.titled("BUG: soft lockup in ", StackSpec.ipThenTrace.with(.stall))
        }
        if t.contains("still has locks held!") {
            return lockHolder(c, prefix: "BUG: still has locks held in ")
        }
        if t.hasPrefix("BUG: lock held when returning to user space") {
            return lockReturn(c, prefix: "BUG: lock held when returning to user space in ")
        }
        if t.hasPrefix("BUG: bad unlock balance detected!") {
            return badUnlock(c, prefix: "BUG: bad unlock balance in ")
        }
        if t.hasPrefix("BUG: Invalid wait context") {
            return c.titled("WARNING: locking bug in ", StackSpec.callTrace)
        }
        if t.hasPrefix("BUG: held lock freed!") { return heldLockFreed(c, prefix: "BUG: held lock freed in ") }
        for fixed in [
            "BUG: Bad rss-counter state", "BUG: non-zero nr_ptes on freeing mm",
            "BUG: non-zero nr_pmds on freeing mm", "BUG: workqueue lockup",
        ]
        where t.hasPrefix(fixed) {
            return Description(title: fixed, noStackTrace: true)
        }
        if t.hasPrefix("BUG: Dentry "), t.contains("still in use") {
            return Description(title: "BUG: Dentry still in use in unmount", noStackTrace: true)
        }
        if t.hasPrefix("BUG: Bad page map") {
            return Description(title: "BUG: Bad page map")
        }
        if t.hasPrefix("BUG: Bad page state") {
            return c.titled("BUG: Bad page state in ", badPageStack)
        }
        if t.hasPrefix("BUG: sleeping function called from invalid context") {
            return c.titled(
                "BUG: sleeping function called from invalid context in ", StackSpec.callTrace.with(skip: ["sleep"]))
        }
        if t.hasPrefix("BUG: scheduling while atomic") {
            return c.titled(
                "BUG: scheduling while atomic in ",
                StackSpec.callTrace.with(skip: ["schedule", "preempt", "__switch_to", "context_switch"]))
        }
        if t.hasPrefix("BUG: using "), let open = t.find("() in preemptible") {
            let what = t[t.index(t.startIndex, offsetBy: 11)..<open.lowerBound]
            return c.titled(
                "BUG: using \(what)() in preemptible code in ",
                StackSpec.callTrace.with(skip: [
                    "dump_stack", "preemption", "preempt", "debug_", "processor_id",
                    "this_cpu",
                ]))
        }
        if t.hasPrefix("BUG: workqueue leaked lock or atomic") {
            if let i = c.find("last function: "), let s = TextScan.after("last function: ", in: c.lines[i]) {
                let name = s.prefix(while: { FrameLine.isIdent($0) })
                if !name.isEmpty {
                    return Description(title: "BUG: workqueue leaked lock or atomic in \(name)", noStackTrace: true)
                }
            }
            return Description(title: c.tail, corrupted: "no last function", noStackTrace: true)
        }
        if t.hasPrefix("BUG: memory leak") {
            return c.titled("memory leak in ", memoryLeakStack)
        }
        if t.hasPrefix("BUG: stack guard page was hit")
            || (t.hasPrefix("BUG: ") && t.contains(" stack guard page was hit"))
        {
            return c.titled("BUG: stack guard page was hit in ", .ipThenTrace, noStack: true)
        }
        if t.hasPrefix("BUG: corrupted list") {
            return c.titled("BUG: corrupted list in ", .ipThenTrace)
        }
        if t.trimmingCharacters(in: " \t") == "BUG:" {
            return Description(title: "BUG: corrupted", corrupted: "empty BUG header")
        }
        return c.raw
    }

    /// `bad_page` runs when a page is freed or mapped: the memory manager's own freeing, page
    /// cache, reclaim and unmapping frames, and the network buffer release and receive paths
    /// that hand pages back, only show how the page got there. The first frame of the code that
    /// owned the page names the report.
    static let badPageStack = StackSpec.callTrace
        .with(skip: [
            "page", "free_", "put_", "folio", "skb", "netif_receive", "filemap", "truncate", "release_pages", "lru",
            "pagevec", "zap_", "unmap_", "exit_mmap", "mmput", "swap",
        ])
        .with(skipFiles: [
            "mm/", "include/linux/mm.h", "include/linux/pagemap.h", "include/linux/skbuff.h", "net/core/skbuff.c",
            "net/core/dev.c",
        ])

    static let memoryLeakStack = StackSpec(
        steps: [.line("backtrace", functionAfter: false), .trace],
        skip: [
            "kmemleak", "kmalloc", "kcalloc", "kzalloc", "vmalloc", "mmap", "kmem", "slab", "alloc", "create_object",
            "idr_get", "list_lru_init", "kasprintf", "kvasprintf", "pcpu_create", "strdup", "strndup", "memdup",
        ])

    private static func kasan(_ c: TitleContext) -> Description {
        let t = c.tail
        let body = t.dropFirst("BUG: KASAN: ".count)
        let kind = String(body.prefix(while: { $0.isASCIILetter || $0 == "-" }))
        let what = body.find(" in ").map { String(body[..<$0.lowerBound]) } ?? kind
        let headerStep = StackSpec.Step.line("BUG: KASAN: \(what) in ", functionAfter: true)
        if kind == "double-free" || kind == "invalid-free" || body.hasPrefix("double-free or invalid-free") {
            let spec = StackSpec(
                steps: [headerStep, .line("Call Trace:", functionAfter: false), .trace],
                skip: ["kmem_", "slab_", "kfree", "vunmap", "vfree"])
            return c.titled("KASAN: invalid-free in ", spec)
        }
        // "Read of size 8 at addr ..." / "Write of size ...".
        var access: String?
        for line in c.lines.prefix(40) {
            if line.contains("Read of size") || line.hasPrefix("Read at addr") {
                access = "Read"
                break
            }
            if line.contains("Write of size") || line.hasPrefix("Write at addr") {
                access = "Write"
                break
            }
        }
        if body.contains(" in "), let access {
            let spec = StackSpec(steps: [headerStep, .line("Call Trace:", functionAfter: false), .trace])
            return c.titled("KASAN: \(kind) \(access) in ", spec)
        }
        if body.contains(" on address"), let access {
            return Description(title: "KASAN: \(kind) \(access)")
        }
        return Description(title: "KASAN: " + body, corrupted: "KASAN report without access description")
    }

    private static func kmsan(_ c: TitleContext) -> Description {
        let body = c.tail.dropFirst("BUG: KMSAN: ".count)
        let kind = String(body.prefix(while: { $0.isASCIILetter || $0 == "-" }))
        var skip: [String] = []
        if kind.hasPrefix("kernel-usb-infoleak") {
            skip = ["usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg"]
        }
        if kind.hasPrefix("kernel-infoleak") {
            skip = ["copy_to_user", "copy_page_to_iter", "_copy_to_iter", "copyout", "instrument_copy"]
        }
        // Newer KMSAN prints the stack right after the header, older ones after "Call Trace:".
        let spec = StackSpec(
            steps: [.line("BUG: KMSAN:", functionAfter: false), .trace],
            fallback: [.line("Call Trace:", functionAfter: false), .trace], skip: skip)
        return c.titled("KMSAN: \(kind) in ", spec)
    }

    private static func kcsan(_ c: TitleContext) -> Description {
        let body = c.tail.dropFirst("BUG: KCSAN: ".count)
        // "data-race in f1 / f2" or "data-race in f1": the functions as printed, offsets dropped later.
        if body.contains(" in ") {
            return Description(title: "KCSAN: " + body, noStackTrace: true)
        }
        return Description(title: "KCSAN: " + body, noStackTrace: true)
    }

    private static func kfence(_ c: TitleContext) -> Description {
        let body = c.tail.dropFirst("BUG: KFENCE: ".count)
        guard let r = body.find(" in ") else {
            return Description(title: "KFENCE: " + body, corrupted: "no function in KFENCE header")
        }
        let kind = String(body[..<r.lowerBound])
        let spec = StackSpec(
            steps: [.line("BUG: KFENCE: \(kind) in ", functionAfter: true), .trace],
            skip: ["kfree", "kmem_", "slab_", "__free"])
        // The frames follow the "... at 0x.. (in kfence-#N):" line.
        return c.titled("KFENCE: \(kind) in ", spec, noStack: true)
    }

    // MARK: Lockdep-style reports shared with WARNING/INFO variants.

    static func lockHolder(_ c: TitleContext, prefix: String) -> Description {
        for line in c.lines.dropFirst() {
            if let name = TextScan.pcFunction(line) ?? TextScan.lockSite(line) {
                return Description(title: prefix + name)
            }
        }
        return Description(title: c.tail, corrupted: "no lock site")
    }

    static func lockReturn(_ c: TitleContext, prefix: String) -> Description {
        if let i = c.find("leaving the kernel with locks still held") {
            for line in c.lines[(i + 1)...] {
                if let name = TextScan.lockSite(line) {
                    return Description(title: prefix + name, noStackTrace: true)
                }
            }
        }
        return Description(title: c.tail, corrupted: "no lock site", noStackTrace: true)
    }

    static func badUnlock(_ c: TitleContext, prefix: String) -> Description {
        if let i = c.find("is trying to release lock", within: 16) {
            for line in c.lines[(i + 1)...].prefix(16) {
                if let name = TextScan.pcFunction(line) ?? TextScan.lockSite(line) {
                    return Description(title: prefix + name)
                }
            }
        }
        return Description(title: prefix + "corrupted", corrupted: "no release site")
    }

    static func heldLockFreed(_ c: TitleContext, prefix: String) -> Description {
        for line in c.lines.dropFirst() {
            if let name = TextScan.lockSite(line) ?? TextScan.pcFunction(line) {
                return Description(title: prefix + name)
            }
        }
        return Description(title: c.tail, corrupted: "no lock site")
    }
}
