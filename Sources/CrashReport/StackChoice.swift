/// Special frame choices for stalls and hangs, where the top of the stack is just where the
/// CPU or task happened to be.
enum StackChoice {
    /// Entry points below which the interesting frame of a stall sits (the frame above the first
    /// of these is taken): syscall, workqueue, softirq, timer, fault and file/socket entries.
    static let stallAnchors: [String] = [
        "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2",
        "netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers", "run_timer_softirq", "run_ksoftirqd",
        "smpboot_thread_fn", "^kthread$", "start_secondary", "cpu_startup_entry", "ret_from_fork",
        "vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write", "do_iter_read", "do_iter_write",
        "vfs_ioctl", "ksys_ioctl", "compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl", "blkdev_ioctl",
        "^call_read_iter", "^call_write_iter", "do_iter_readv_writev", "^call_mmap", "mmap_region", "do_mmap",
        "do_dentry_open", "vfs_open", "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release",
        "__sys_setsockopt", "kernel_setsockopt", "sock_common_setsockopt", "__sys_listen", "kernel_listen",
        "sk_common_release", "^sock_mmap", "__sys_accept", "kernel_accept", "^sock_do_ioctl", "^sock_ioctl",
        "^compat_sock_ioctl", "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg", "__do_fault", "^new_sync_read",
        "^new_sync_write", "netlink_dump",
        "__fput", "task_work_run", "exit_to_usermode", "smp_call_function",
        "ret_fast_syscall", "tasklet_action", "el0_svc", "invoke_syscall",
        // The syscall table dispatchers of newer kernels sit between the entry and the syscall.
        "^x64_sys_call$", "^ia32_sys_call$", "^x32_sys_call$",
    ]
    private static let anchorSet = PatternSet(stallAnchors)
    private static let discriminatedSyscalls = ["socketpair", "connect", "ioctl"]

    static func isAnchor(_ f: String) -> Bool {
        for prefix in [
            "SYSC_", "SyS_", "__sys_", "___sys_", "__do_sys_", "__se_sys_", "__x64_sys_", "compat_SYSC_",
            "compat_SyS_", "compat___sys_", "compat___do_sys_", "compat___se_sys_", "compat___x64_sys_",
        ]
        where f.hasPrefix(prefix) {
            let rest = f.dropFirst(prefix.count)
            if discriminatedSyscalls.contains(String(rest)) { return true }
        }
        return anchorSet.matches(f)
    }

    static func stall(_ frames: [String]) -> (String?, String?) {
        var previous = frames[0]
        for frame in frames {
            if isAnchor(frame) {
                if frame.contains("smp_call_function") { previous = "smp_call_function" }
                // Syscall wrappers are renamed for every title by `TitleContext.syscallName`.
                return (previous, nil)
            }
            previous = frame
        }
        return (nil, "did not find any anchor frame")
    }

    static func hung(_ frames: [String]) -> (String?, String?) {
        let buckets: [(String, String?)] = [
            ("rtnl_lock", nil), ("synchronize_rcu", "synchronize_rcu"), ("synchronize_srcu", "synchronize_rcu"),
            ("synchronize_net", "synchronize_rcu"), ("synchronize_sched", "synchronize_rcu"),
        ]
        for frame in frames {
            for (anchor, replacement) in buckets where frame.contains(anchor) {
                return (replacement ?? frame, nil)
            }
        }
        let waiting = [
            "sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize",
            "context_switch", "__switch_to", "cancel_delayed_work",
            // RCU's waits for callbacks (kernel/rcu/tree.c), like synchronize_*.
            "rcu_barrier",
        ]
        for frame in frames where !waiting.contains(where: { frame.contains($0) }) {
            return (frame, nil)
        }
        return (nil, "all frames are skipped")
    }
}
