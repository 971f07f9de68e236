/// Follows a `StackSpec` through report lines and picks the frame that names the crash.
struct StackWalker: Sendable {
    let lines: ArraySlice<String>
    let spec: StackSpec
    private let specSkip: PatternSet

    init(lines: ArraySlice<String>, spec: StackSpec) {
        self.lines = lines
        self.spec = spec
        specSkip = PatternSet(spec.skip)
    }

    /// The chosen function, or the reason none could be chosen.
    func frame() -> (function: String?, problem: String?) {
        var frames = walk(spec.steps)
        if frames.isEmpty, let fallback = spec.fallback {
            frames = walk(fallback)
        }
        guard !frames.isEmpty else { return (nil, "extracted no stack frames") }
        switch spec.choice {
        case .first: return (frames[0], nil)
        case .stall: return StackChoice.stall(frames)
        case .hung: return StackChoice.hung(frames)
        }
    }

    private func isSkipped(_ name: String) -> Bool {
        GenericFrames.isGeneric(name) || specSkip.matches(name)
    }

    private func walk(_ steps: [StackSpec.Step]) -> [String] {
        var frames: [String] = []
        // The plain choice needs only the first frame that survives the skip lists.
        let enough = spec.choice == .first ? 1 : Int.max
        var i = lines.startIndex
        var stepIndex = 0
        func add(_ mangled: String?) {
            guard let mangled else { return }
            let name = mangled.hasPrefix("_R") || mangled.hasPrefix("_Z") ? SymbolDemangler.demangle(mangled) : mangled
            if !isSkipped(name) { frames.append(name) }
        }
        steps: while stepIndex < steps.count {
            let step = steps[stepIndex]
            if step == .trace {
                while i < lines.endIndex && frames.count < enough {
                    let line = lines[i]
                    i += 1
                    if GenericFrames.isFaultInjection(line) { break steps }
                    if GenericFrames.startsStack(line) {
                        stepIndex += 1
                        continue steps
                    }
                    if stepIndex + 1 < steps.count, let hit = match(steps[stepIndex + 1], line) {
                        add(hit)
                        stepIndex += 2
                        continue steps
                    }
                    add(FrameLine.function(Substring(line)))
                }
                break steps
            } else {
                if frames.count >= enough { break steps }
                while i < lines.endIndex {
                    let line = lines[i]
                    i += 1
                    if GenericFrames.isFaultInjection(line) { break steps }
                    if let hit = match(step, line) {
                        add(hit)
                        stepIndex += 1
                        continue steps
                    }
                }
                break steps
            }
        }
        return frames
    }

    /// `nil` when the line does not match the step; `.some(nil)` when it matches without a frame.
    private func match(_ step: StackSpec.Step, _ line: String) -> String?? {
        switch step {
        case .ip:
            return FrameLine.ipFunction(line)
        case .ipOrInterrupt:
            if let r = line.find("--- interrupt: "), let at = line[r.upperBound...].find(" at ") {
                return .some(FrameLine.nameBeforeOffset(line[at.upperBound...]))
            }
            return FrameLine.ipFunction(line)
        case .line(let text, let functionAfter):
            var hit = line.find(text)
            if hit == nil && text == "Call Trace:" {
                // arm64 prints "Call trace:", arm "Backtrace:".
                hit = line.find("Call trace:") ?? (line.hasPrefix("Backtrace:") ? line.find("Backtrace:") : nil)
            }
            guard let r = hit else { return nil }
            if !functionAfter { return .some(nil) }
            return .some(FrameLine.nameBeforeOffset(line[r.upperBound...].drop(while: { $0 == " " })))
        case .lockSite:
            return TextScan.lockSite(line).map { .some($0) }
        case .linkRegister:
            for key in ["LR is at "] {
                guard let r = line.find(key) else { continue }
                var rest = line[r.upperBound...].drop(while: { $0 == " " })
                if let pc = FrameLine.dropPC(rest) { rest = pc.drop(while: { $0 == " " }) }
                return .some(FrameLine.nameBeforeOffset(rest))
            }
            return nil
        case .interrupt:
            for entry in ["apic_timer_interrupt", "__irq_svc", "el1_irq", "el1h_64_irq", "el1_interrupt"]
            where line.contains(entry) {
                return .some(nil)
            }
            return nil
        case .trace:
            return FrameLine.function(Substring(line)).map { .some($0) }
        }
    }
}

/// Special frame choices for stalls and hangs, where the top of the stack is just where the
/// CPU or task happened to be.
enum StackChoice {
    /// Entry points below which the interesting frame of a stall sits (the frame above the first
    /// of these is taken): syscall, workqueue, softirq, timer, fault and file/socket entries.
    static let stallAnchors: [String] = [
        "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2",
        "netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers", "run_timer_softirq", "run_ksoftirqd",
        "smpboot_thread_fn", "kthread", "start_secondary", "cpu_startup_entry", "ret_from_fork",
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
    ]
    private static let discriminatedSyscalls = ["socketpair", "connect", "ioctl"]
    private static let syscallPrefixes = ["__x64_", "SYSC_", "SyS_", "compat_SYSC_", "compat_SyS_", "__ia32_", "ksys_"]

    static func isAnchor(_ f: String) -> Bool {
        for prefix in [
            "SYSC_", "SyS_", "__sys_", "___sys_", "__do_sys_", "__se_sys_", "__x64_sys_", "compat_SYSC_",
            "compat_SyS_", "compat___sys_", "compat___do_sys_", "compat___se_sys_", "compat___x64_sys_",
        ]
        where f.hasPrefix(prefix) {
            let rest = f.dropFirst(prefix.count)
            if discriminatedSyscalls.contains(String(rest)) { return true }
        }
        return GenericFrames.matches(f, stallAnchors)
    }

    static func stall(_ frames: [String]) -> (String?, String?) {
        var previous = frames[0]
        for frame in frames {
            if isAnchor(frame) {
                if frame.contains("smp_call_function") { previous = "smp_call_function" }
                for prefix in syscallPrefixes where previous.hasPrefix(prefix) {
                    previous = String(previous.dropFirst(prefix.count))
                }
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
        ]
        for frame in frames where !waiting.contains(where: { frame.contains($0) }) {
            return (frame, nil)
        }
        return (nil, "all frames are skipped")
    }
}
