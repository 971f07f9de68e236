/// Frames that never name a bug: sanitizer and debugging machinery, printing, locking,
/// allocators, list/refcount helpers, string and user-copy routines, device teardown paths.
/// A pattern matches anywhere in the function name unless anchored with `^` / `$`.
enum GenericFrames {
    static let patterns: [String] = [
        // Sanitizers and reporting.
        "__sanitizer", "__asan", "kasan", "__msan", "kmsan", "__tsan", "kcsan", "check_memory_region",
        "read_word_at_a_time", "print_address_description", "panic", "invalid_op", "report_bug", "fixup_bug",
        "do_error", "_trap$", "^do_trap", "dump_stack", "warn_slowpath", "warn_alloc", "__warn", "debug_object",
        "timer_is_static_object", "work_is_static_object", "lockdep", "perf_trace", "__ubsan", "ubsan_",
        "kfence", "handle_bug", "exc_invalid_op", "asm_exc_", "show_stack", "__might_resched", "__might_sleep",
        // Locking.
        "lock_acquire", "lock_release", "lock_class", "reacquire_held_locks", "spin_lock", "spin_trylock",
        "spin_unlock", "raw_read_lock", "raw_read_trylock", "raw_write_lock", "raw_write_trylock", "^down",
        "^__down", "^up_read", "^up_write", "^up$", "mark_lock", "print_usage_bug", "mutex_optimistic_spin",
        "^__mutex_", "trace_hardirqs", "raw_spin_rq_", "write_comp_data", "^kvfree", "sk_stop_timer",
        "mutex_lock", "mutex_trylock", "mutex_unlock", "mutex_remove_waiter", "osq_lock", "osq_unlock",
        "__wake_up", "queued_spin", "_raw_", "rwsem_", "rt_mutex",
        // Reference counts.
        "refcount_add", "refcount_sub", "refcount_inc", "refcount_dec", "refcount_set", "refcount_read",
        "refcount_warn", "refcount_",
        // Memory and strings.
        "memcpy", "memcmp", "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy", "strncpy",
        "strscpy", "strlen", "strnstr", "strnlen", "strchr", "copy_to_user", "copy_from_user", "put_user",
        "get_user", "might_fault", "might_sleep", "_copy_to_iter", "_copy_from_iter", "copy_user_",
        "instrument_", "__check_object_size", "check_heap_object", "copy_from_iter", "copy_to_iter",
        // Allocators.
        "kmalloc", "kmem_cache", "krealloc", "kzalloc", "kcalloc",
        // Generic data structures and buffer helpers.
        "^rb_", "^skb_put", "^skb_push", "^skb_pull", "skb_over_panic", "skb_under_panic", "skb_panic",
        // Lists.
        "list_add", "list_del", "list_replace", "list_move", "list_splice", "__list_",
        "_indirect_thunk_",
        // Printing.
        "string", "pointer", "snprintf", "scnprintf", "kasprintf", "kvasprintf", "printk", "va_format",
        "dev_info", "dev_notice", "dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg",
        "program_check_exception", "program_check_common",
        // Timers, work, waiting.
        "del_timer", "flush_work", "__cancel_work_timer", "cancel_work_sync", "try_to_grab_pending",
        "flush_workqueue", "drain_workqueue", "destroy_workqueue", "finish_wait", "kthread_stop",
        // Device and object teardown paths shared by every driver.
        "kobject_del", "kobject_put", "kobject_uevent_env", "add_uevent_var", "get_device_parent", "device_add",
        "device_del", "device_unregister", "device_destroy", "device_release", "devres_release_all",
        "hwrng_unregister", "i2c_del_adapter", "__unregister_client", "device_for_each_child",
        "rollback_registered", "unregister_netdev", "sysfs_remove", "device_remove_file",
        "tty_unregister_device", "dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs",
        "usb_control_msg", "usb_hcd_submit_urb", "usb_submit_urb", "^complete$", "wait_for_completion",
        "^kfree$", "kfree_skb", "queue_work", "warn_bogus_irq", "ref_tracker",
        // Unwinders and arch stack dumping.
        "dump_backtrace", "walk_stackframe", "__read_once", "arch_stack_walk", "stack_trace", "print_report",
        "hex_dump", "assertfail",
        // Fault handling on arm64.
        "do_kernel_fault", "do_mem_abort", "do_translation_fault", "do_bad_area", "el1_abort", "el1h_64_sync",
        "el1_sync", "el1_da",
        // Memory tagging, fortify and address helpers.
        "do_tag_check_fault", "hwasan", "fortify", "phys_addr",
        // Page allocator and page/folio helpers.
        "alloc_page", "alloc_frozen_pages", "^folio_", "^__folio_", "unlock_page", "find_lock_entries",
        "^__free_pages", "free_unref_page",
        // Object lifetime helpers: the caller holds the bug.
        "put_device", "^kref_", "^ida_", "^idr_", "^iput$", "^dput$", "fast_dput", "drop_nlink", "^clear_nlink",
        "^inc_nlink", "^set_nlink", "mark_buffer_dirty", "mark_held_locks",
        "local_bh_", "seqprop", "seqcount_", "this_cpu_preempt_check", "taint",
        // Timers and work items.
        "lock_timer_base", "insert_work", "^__flush_work", "timer_delete", "timer_shutdown", "queue_delayed_work",
        "truncate_inode_pages", "memdup_user",
        // Hash tables, strings.
        "^rhashtable_", "^rht_", "strstr",
        // Checksums and radix/xarray walkers.
        "^crc", "^xas_", "^xa_", "^kobject_",
        // Page allocator, atomics and bit operations.
        "__alloc_pages", "^alloc_pages", "atomic_", "^test_and_", "^set_bit", "^clear_bit", "^test_bit",
        "^__set_bit", "^__clear_bit",
        // Generic containers and their iterators (lib/klist.c, lib/rbtree.c, include/linux/list.h):
        // the walk faults on an element its caller put there.
        "^klist_", "^__rb_", "^hlist_", "^__hlist_",
        // The kv*/v* allocation entry points of mm/util.c and mm/vmalloc.c.
        "^kvmalloc", "^__kvmalloc", "^kvzalloc", "^kvcalloc", "^kvrealloc", "^__vmalloc", "^vmalloc", "^vzalloc",
        // Crypto primitives and the crypto API dispatch (lib/crypto/, crypto/, arch/*/crypto/):
        // named after the algorithm or `crypto_`, they compute over what their caller passed.
        "^crypto_", "^cipher_crypt", "^aes_", "^aesni_", "^aesti_", "^des_", "^des3_", "^sha1_", "^sha256",
        "^sha512", "^sha3_", "^md5_", "^chacha", "^hchacha", "^poly1305", "^blake2s", "^curve25519", "^drbg_",
        "^ghash_", "^gf128mul",
        // SRCU internals (kernel/rcu/srcutree.c): a WARN in cleanup_srcu_struct or a fault in a
        // grace-period helper names the user that set up or tore down the srcu_struct wrongly.
        "^srcu_", "^__srcu_", "^cleanup_srcu_struct", "^init_srcu_struct", "^process_srcu",
        // Net-device adjacency iterators (include/linux/netdevice.h): a recursion through stacked
        // devices shows them between every frame of the driver that recursed.
        "^netdev_walk_all_", "^__netdev_walk_all_", "^netdev_upper_get_next", "^netdev_lower_get_next",
        "^netdev_next_", "^__netdev_next_",
    ]

    private static let compiled = PatternSet(patterns)

    static func isGeneric(_ name: String) -> Bool { compiled.matches(name) }

    /// Lines that begin a new stack in a report.
    static func startsStack(_ line: String) -> Bool { stackKeyword(line) != nil }

    /// Which stack header the line is (`call trace`, `allocated`, `freed`, `backtrace`), if any.
    /// Runs on every line of a report, so the keywords are prepared needles.
    static func stackKeyword(_ line: String) -> String? {
        var line = line
        return line.withUTF8 { b -> String? in
            let n = b.count
            // Every keyword below holds one of these: most lines are ruled out with four searches.
            guard Keyword.anyKeyword.contains(where: { $0.occurs(in: b, from: 0, to: n) }) else { return nil }
            if Keyword.callTrace.occurs(in: b, from: 0, to: n) || Keyword.callTraceArm.occurs(in: b, from: 0, to: n)
                || (n >= Keyword.backtraceArm.bytes.count
                    && Keyword.backtraceArm.offset(in: b, from: 0, to: Keyword.backtraceArm.bytes.count) == 0)
            {
                return "call trace"
            }
            if Keyword.allocated.occurs(in: b, from: 0, to: n) { return "allocated" }
            if Keyword.freed.occurs(in: b, from: 0, to: n) { return "freed" }
            if let at = Keyword.backtrace.offset(in: b, from: 0, to: n), at > 0, b[at - 1] != UInt8(ascii: "k") {
                return "backtrace"
            }
            if Keyword.backtraceCRC.occurs(in: b, from: 0, to: n) { return "backtrace" }
            for (key, kind) in [(Keyword.allocatedBy, "allocated by task"), (Keyword.freedBy, "freed by task")] {
                guard let at = key.offset(in: b, from: 0, to: n) else { continue }
                var i = at + key.bytes.count
                let digits = i
                while i < n && b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9") { i += 1 }
                if i > digits && i < n && b[i] == UInt8(ascii: ":") { return kind }
            }
            return nil
        }
    }

    private enum Keyword {
        static let callTrace = Needle("Call Trace")
        static let callTraceArm = Needle("Call trace:")
        static let backtraceArm = Needle("Backtrace:")
        static let allocated = Needle("Allocated:")
        static let freed = Needle("Freed:")
        static let backtrace = Needle(" backtrace:")
        static let backtraceCRC = Needle(" backtrace (crc ")
        static let allocatedBy = Needle("Allocated by task ")
        static let freedBy = Needle("Freed by task ")
        static let shouldFail = Needle("should_fail")
        static let anyKeyword = [Needle("Call "), Needle("acktrace"), Needle("Allocated"), Needle("Freed")]
    }

    /// A fault-injection stack (`should_fail`) mixed into a report: stop reading frames there.
    static func isFaultInjection(_ line: String) -> Bool {
        guard Keyword.shouldFail.occurs(in: line), let r = line.find("should_fail") else { return false }
        let before = line[..<r.lowerBound].trimmingPrefixSpaces()
        guard before.isEmpty || (before.hasPrefix("[") && before.hasSuffix("]")) else { return false }
        let after = line[r.upperBound...].drop(while: { $0.isASCIILetter || $0.isASCIIDigit || $0 == "." })
        return after.hasPrefix("+0x")
    }
}
