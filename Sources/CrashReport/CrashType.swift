/// Crash classes (the corpus `TYPE` values), decided from the title.
enum CrashType {
    /// Title prefixes and their class, most specific first.
    private static let table: [(prefixes: [String], type: String)] = [
        (["KFENCE: use-after-free write"], "KFENCE-USE-AFTER-FREE-WRITE"),
        (["KFENCE: use-after-free"], "KFENCE-USE-AFTER-FREE-READ"),
        (["KFENCE: invalid write", "KFENCE: out-of-bounds write"], "KFENCE-WRITE"),
        (["KFENCE: invalid read", "KFENCE: out-of-bounds"], "KFENCE-READ"),
        (["KFENCE: memory corruption"], "KFENCE-MEMORY-CORRUPTION"),
        (["KFENCE: invalid free"], "KFENCE-INVALID-FREE"),
        (["KMSAN: uninit-value"], "KMSAN-UNINIT-VALUE"),
        (
            ["KMSAN: kernel-infoleak-after-free", "KMSAN: kernel-usb-infoleak-after-free", "KMSAN: use-after-free"],
            "KMSAN-USE-AFTER-FREE-READ"
        ),
        (["KMSAN: kernel-infoleak", "KMSAN: kernel-usb-infoleak"], "KMSAN-INFO-LEAK"),
        (["KASAN: null-ptr-deref Write"], "KASAN-NULL-POINTER-DEREFERENCE-WRITE"),
        (["KASAN: null-ptr-deref Read"], "KASAN-NULL-POINTER-DEREFERENCE-READ"),
        (["BUG: unable to handle kernel NULL pointer dereference in"], "NULL-POINTER-DEREFERENCE"),
        (["KASAN: slab-use-after-free Write", "KASAN: use-after-free Write"], "KASAN-USE-AFTER-FREE-WRITE"),
        (
            ["KASAN: slab-use-after-free Read", "KASAN: use-after-free Read", "KASAN: use-after-free"],
            "KASAN-USE-AFTER-FREE-READ"
        ),
        (["KASAN: double-free", "KASAN: invalid-free"], "KASAN-INVALID-FREE"),
        (
            [
                "KASAN: global-out-of-bounds Write", "KASAN: out-of-bounds Write", "KASAN: slab-out-of-bounds Write",
                "KASAN: stack-out-of-bounds Write", "KASAN: user-memory-access Write",
                "KASAN: vmalloc-out-of-bounds Write",
                "KASAN: wild-memory-access Write", "KASAN: invalid-access Write", "KASAN: unknown-crash Write",
            ], "KASAN-WRITE"
        ),
        (
            [
                "KASAN: global-out-of-bounds", "KASAN: out-of-bounds", "KASAN: slab-out-of-bounds",
                "KASAN: stack-out-of-bounds", "KASAN: user-memory-access", "KASAN: vmalloc-out-of-bounds",
                "KASAN: wild-memory-access", "KASAN: invalid-access", "KASAN: unknown-crash",
            ], "KASAN-READ"
        ),
        (["BUG: corrupted list", "BUG: unable to handle kernel paging request"], "MEMORY_SAFETY_BUG"),
        (["WARNING: refcount bug"], "REFCOUNT_WARNING"),
        (["UBSAN: array-index-out-of-bounds"], "MEMORY_SAFETY_UBSAN"),
        (["KCSAN: data-race"], "KCSAN-DATARACE"),
        (["KCSAN: assert: race in"], "KCSAN-ASSERT"),
        (
            [
                "BUG: bad unlock balance in", "BUG: held lock freed in", "BUG: rwlock", "BUG: spinlock",
                "BUG: still has locks held in", "BUG: using", "WARNING: bad unlock balance in",
                "WARNING: held lock freed in",
                "WARNING: lock held", "WARNING: locking bug in", "WARNING: nested lock was not taken in",
                "WARNING: still has locks held in", "WARNING: suspicious RCU usage in", "inconsistent lock state in",
                "possible deadlock in", "BUG: lock held",
            ], "LOCKDEP"
        ),
        (["BUG: scheduling while atomic in", "BUG: sleeping function called from invalid context in"], "ATOMIC_SLEEP"),
        (["memory leak in"], "LEAK"),
        (["BUG: bad usercopy in", "kernel BUG"], "BUG"),
        (["WARNING in"], "WARNING"),
        (
            [
                "BUG: stack guard page was hit in", "WARNING: corrupted",
                "WARNING: kernel stack frame pointer has bad value",
                "WARNING: kernel stack regs has bad",
            ], ""
        ),
        (
            ["BUG: soft lockup in", "INFO: rcu detected stall in", "INFO: task can't die in", "INFO: task hung in"],
            "HANG"
        ),
        (
            [
                "Alignment trap in", "BUG: Object already free", "Internal error in", "PANIC: double fault",
                "Unhandled fault in", "VFS: Busy inodes after unmount (use-after-free)",
                "VFS: Close: file count is zero (use-after-free)", "divide error in", "general protection fault in",
                "go runtime error", "invalid opcode in", "kernel panic:", "kernel stack overflow", "panic:",
                "rust_kernel panicked", "stack segment fault in", "trusty:", "int3 in",
                "unregister_netdevice: waiting for DEV to become free",
            ], "DoS"
        ),
        (["unexpected kernel reboot"], "REBOOT"),
        (["SYZFAIL", "SYZFATAL:"], "SYZ_FAILURE"),
        (["WARNING:"], "WARNING"),
        (["BUG:", "INFO:"], ""),
        (["KASAN:"], "KASAN-UNKNOWN"),
        (["KFENCE:"], "KFENCE-UNKNOWN"),
        (["KMSAN:"], "KMSAN-UNKNOWN"),
        (["UBSAN:"], "UBSAN"),
        (["KCSAN:"], "KCSAN-UNKNOWN"),
        // User space.
        (["AddressSanitizer:", "HWAddressSanitizer:", "MemorySanitizer:"], "MEMORY_SAFETY_BUG"),
        (["LeakSanitizer:"], "LEAK"),
        (["UndefinedBehaviorSanitizer:"], "UBSAN"),
        (["ThreadSanitizer:", "DATA RACE"], "DATA_RACE"),
        (["fatal error:"], "DoS"),
    ]

    static func of(title: String) -> String {
        for entry in table where entry.prefixes.contains(where: { title.hasPrefix($0) }) {
            return entry.type
        }
        return ""
    }
}
