/// Source files whose functions are plumbing shared by every subsystem: a frame from one of them
/// never names a crash, whatever the function is called (a new list helper or allocator entry
/// point is skipped without adding its name to `GenericFrames`). Only symbolized frames
/// (` func+0x1/0x2 lib/list_debug.c:62`) carry a file.
enum PlumbingFiles {
    /// Directories and files, matched at the start of the path (after `./`).
    static let prefixes = [
        // Locking, lockdep, and the sanitizers and checkers that report.
        "kernel/locking/", "kernel/kcsan/", "mm/kasan/", "mm/kfence/", "mm/kmsan/", "kernel/printk/",
        "lib/ubsan.c", "lib/dump_stack.c", "lib/bug.c", "kernel/panic.c", "lib/debugobjects.c",
        // Generic data structures and helpers in lib/.
        "lib/list_debug.c", "lib/rbtree.c", "lib/klist.c", "lib/idr.c", "lib/xarray.c", "lib/radix-tree.c",
        "lib/rhashtable.c", "lib/refcount.c", "lib/string.c", "lib/string_helpers.c", "lib/vsprintf.c",
        "lib/iov_iter.c", "lib/usercopy.c", "lib/kobject.c", "lib/llist.c", "lib/percpu-refcount.c",
        "lib/maple_tree.c", "lib/bitmap.c", "lib/sort.c", "lib/list_sort.c", "lib/kstrtox.c",
        // Allocators.
        "mm/slab.c", "mm/slub.c", "mm/slab_common.c", "mm/util.c", "mm/page_alloc.c", "mm/vmalloc.c",
        "mm/mempool.c", "mm/usercopy.c",
        // Crypto algorithms and the crypto API; the AF_ALG socket interface (`af_alg.c`,
        // `algif_*.c`) is where user input enters and stays a candidate (`isPlumbing`).
        "lib/crypto/", "crypto/", "arch/x86/crypto/", "arch/arm64/crypto/", "arch/arm/crypto/",
        "kernel/rcu/srcutree.c", "lib/dec_and_lock.c",
        // Inline helpers of generic headers.
        "include/linux/list.h", "include/linux/rbtree.h", "include/linux/refcount.h", "include/linux/kref.h",
        "include/linux/spinlock.h", "include/linux/spinlock_api_smp.h", "include/linux/rwlock_api_smp.h",
        "include/linux/instrumented.h", "include/linux/atomic/", "include/asm-generic/", "include/linux/slab.h",
        "include/linux/fortify-string.h", "include/linux/string.h", "include/linux/uaccess.h",
        "include/linux/seqlock.h", "include/linux/rculist.h", "include/linux/llist.h", "include/linux/xarray.h",
        "include/linux/bitops.h", "include/linux/kasan-checks.h", "include/linux/overflow.h",
        "include/linux/list_bl.h", "include/linux/rcupdate.h", "include/linux/mutex.h",
        "arch/x86/include/asm/atomic", "arch/x86/include/asm/bitops.h", "arch/x86/include/asm/uaccess",
        "arch/arm64/include/asm/atomic", "arch/arm64/include/asm/uaccess.h",
    ]

    /// The path without leading `./`.
    static func path(_ file: Substring) -> Substring {
        var path = file
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return path
    }

    static func isPlumbing(_ file: Substring) -> Bool {
        let path = path(file)
        if path.hasPrefix("crypto/af_alg.c") || path.hasPrefix("crypto/algif_") { return false }
        return prefixes.contains { path.hasPrefix($0) }
    }

    /// The source file of a symbolized frame line (` f+0x1/0x2 lib/x.c:12` or ` f lib/x.h:3 [inline]`).
    static func file(ofFrame line: String) -> Substring? {
        guard line.contains(".c:") || line.contains(".h:") else { return nil }
        for token in line.split(separator: " ").dropFirst() {
            guard let colon = token.lastIndex(of: ":"), colon > token.startIndex,
                token[token.index(after: colon)...].first?.isASCIIDigit == true
            else { continue }
            let path = token[..<colon]
            if path.hasSuffix(".c") || path.hasSuffix(".h") { return path }
        }
        return nil
    }
}
