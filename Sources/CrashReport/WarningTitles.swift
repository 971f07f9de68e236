/// Titles for `WARNING:` reports: WARN_ON splats (classified by the file that warned) and the
/// lockdep / RCU checkers.
enum WarningTitles {
    /// WARN_ON in these files is a bug of the caller: title `prefix + caller`, skipping the helpers.
    private static let byFile: [(file: String, function: [String], prefix: String, skip: [String])] = [
        (
            "lib/debugobjects.c", ["debug_print", "debug_check"], "WARNING: ODEBUG bug in ",
            [
                "debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "kmem_", "slab_", "kfree", "vunmap", "vfree",
                "__free_", "debug_check", "kobject_",
            ]
        ),
        ("mm/usercopy.c", ["usercopy_warn"], "WARNING: bad usercopy in ", ["usercopy", "__check"]),
        ("lib/kobject.c", ["kobject_"], "WARNING: kobject bug in ", ["kobject_"]),
        ("fs/proc/generic.c", ["proc_register"], "WARNING: proc registration bug in ", ["proc_"]),
        ("lib/refcount.c", ["refcount_"], "WARNING: refcount bug in ", ["refcount", "kobject_"]),
        (
            "kernel/locking/lockdep.c", ["lock_", "lockdep", "check_", "validate_", "__lock"],
            "WARNING: locking bug in ",
            ["lock_sock", "release_sock", "mark_lock", "hlock_class", "validate_chain", "__lock", "check_"]
        ),
    ]

    static func describe(_ c: TitleContext) -> Description {
        let t = c.tail
        if let d = LockdepTitles.describe(c) { return d }
        // lockdep's debug_check_no_locks_held(): "WARNING: syz-executor/1234 still has locks held!".
        if t.contains(" still has locks held!") {
            return BugTitles.lockHolder(c, prefix: "WARNING: still has locks held in ")
        }
        if t.hasPrefix("WARNING: lock held when returning to user space") {
            return BugTitles.lockReturn(c, prefix: "WARNING: lock held when returning to user space in ")
        }
        if t.hasPrefix("WARNING: bad unlock balance detected!") {
            return BugTitles.badUnlock(c, prefix: "WARNING: bad unlock balance in ")
        }
        if t.hasPrefix("WARNING: held lock freed!") {
            return BugTitles.heldLockFreed(c, prefix: "WARNING: held lock freed in ")
        }
        if t.hasPrefix("WARNING: nested lock was not taken") || t.hasPrefix("WARNING: Nested lock was not taken") {
            return BugTitles.lockHolder(c, prefix: "WARNING: nested lock was not taken in ")
        }
        if t.hasPrefix("WARNING: suspicious RCU usage") {
            return rcuUsage(c, prefix: "WARNING: suspicious RCU usage in ")
        }
        if t.hasPrefix("WARNING: kernel stack regs at ") || t.hasPrefix("WARNING: kernel stack frame pointer at ") {
            // With a hashed pointer ("(ptrval)") the kind of damage is not told apart.
            let address = TextScan.after(" at ", in: t)?.split(separator: " ").first ?? ""
            let hexAddress = !address.isEmpty && address.allSatisfy({ $0.isASCIIHex })
            if hexAddress, t.hasPrefix("WARNING: kernel stack regs at "), let q = t.find("has bad '") {
                let reg = t[q.upperBound...].prefix(while: { $0 != "'" })
                return Description(title: "WARNING: kernel stack regs has bad '\(reg)' value", noStackTrace: true)
            }
            if hexAddress && t.hasPrefix("WARNING: kernel stack frame pointer at ") {
                return Description(title: "WARNING: kernel stack frame pointer has bad value", noStackTrace: true)
            }
            return Description(title: "WARNING: kernel stack regs has bad value", noStackTrace: true)
        }
        if let location = warnLocation(t) {
            for rule in byFile where location.file.hasSuffix(rule.file) {
                return c.titled(rule.prefix, .warning(skip: rule.skip))
            }
            if location.file.hasPrefix("mm/") || location.file.contains("/mm/"), let fn = location.function {
                if location.file.hasSuffix("mm/vmalloc.c") && fn.contains("vmalloc") {
                    return c.titled("WARNING: zero-size vmalloc in ", .warning(skip: allocatorSkip))
                }
                // The allocator entry points themselves: kmalloc*, kvmalloc*, kzalloc-like names.
                if fn.hasPrefix("malloc") || fn.dropFirst().hasPrefix("malloc")
                    || (fn.hasPrefix("k") && fn.dropFirst(2).hasPrefix("malloc"))
                {
                    return c.titled("WARNING: kmalloc bug in ", .warning(skip: allocatorSkip))
                }
            }
            if let fn = location.function, fn == "usb_submit_urb" {
                let (name, problem) = c.frame(
                    .warning(skip: [
                        "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg",
                        "usb_control_msg",
                    ]))
                return Description(title: "WARNING in \(name)/usb_submit_urb", corrupted: problem)
            }
            return c.titled("WARNING in ", .warning())
        }
        if t.trimmingCharacters(in: " \t") == "WARNING:" {
            return Description(title: "WARNING: corrupted", corrupted: "empty WARNING header")
        }
        return c.raw
    }

    private static let allocatorSkip = [
        "kmalloc", "kcalloc", "kzalloc", "krealloc", "vmalloc", "slab", "kmem", "kvmalloc",
        "__vmalloc", "alloc_", "zalloc",
    ]

    /// File and function of a WARN header in any of its printed forms:
    /// `WARNING: CPU: 0 PID: 1 at net/x.c:12 func+0x..`, `WARNING: at net/x.c:12 func()`,
    /// `WARNING: net/x.c:12 at func+0x.., CPU#0: comm/1`.
    static func warnLocation(_ t: String) -> (file: String, function: String?)? {
        let words = t.split(separator: " ")
        for (i, w) in words.enumerated() {
            guard let colon = w.firstIndex(of: ":"), colon > w.startIndex else { continue }
            let path = w[..<colon]
            guard path.contains("."), path.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "-_/.".contains($0) }),
                w[w.index(after: colon)...].first?.isASCIIDigit == true
            else { continue }
            var fn: String?
            var j = i + 1
            if j < words.count && words[j] == "at" { j += 1 }
            if j < words.count {
                let word = words[j]
                fn = FrameLine.nameBeforeOffset(word) ?? (word.hasSuffix("()") ? String(word.dropLast(2)) : nil)
                if fn == nil, word.allSatisfy({ FrameLine.isIdent($0) }) { fn = String(word) }
            }
            return (String(path), fn)
        }
        return nil
    }

    static func rcuUsage(_ c: TitleContext, prefix: String) -> Description {
        let spec = StackSpec.callTrace.with(skip: ["rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc"])
        guard c.lines.dropFirst().prefix(8).contains(where: { TextScan.sourceLocation(in: $0) != nil }) else {
            return Description(title: c.tail, corrupted: "RCU report without its source location")
        }
        return c.titled(prefix, spec)
    }
}
