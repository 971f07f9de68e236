import Testing

@testable import CrashReport

/// The title families and frame principles of issue 13 (docs/crash-titles.md), on report text
/// written the way the kernel prints each kind.
@Suite("Title families and plumbing frames")
struct TitleFamilyTests {
    @Test("lockdep's held-locks check at exit is a LOCKDEP title naming the lock site")
    func stillHasLocksHeld() throws {
        let r = try ReportParser.single(
            """
            [  100.000000][ T5000] ====================================
            [  100.000001][ T5000] WARNING: syz-executor/5000 still has locks held!
            [  100.000002][ T5000] 6.8.0-syzkaller #0 Not tainted
            [  100.000003][ T5000] ------------------------------------
            [  100.000004][ T5000] 1 lock held by syz-executor/5000:
            [  100.000005][ T5000]  #0: ffff88807b2a0c30 (&sb->s_type->i_mutex_key#9){+.+.}-{3:3}, at: do_truncate+0x131/0x200 fs/open.c:63
            [  100.000006][ T5000] 
            [  100.000007][ T5000] stack backtrace:
            [  100.000008][ T5000] CPU: 0 PID: 5000 Comm: syz-executor Not tainted 6.8.0-syzkaller #0
            [  100.000009][ T5000] Call Trace:
            [  100.000010][ T5000]  <TASK>
            [  100.000011][ T5000]  dump_stack_lvl+0x1e7/0x2e0 lib/dump_stack.c:106
            [  100.000012][ T5000]  debug_check_no_locks_held+0x10b/0x120 kernel/locking/lockdep.c:6509
            [  100.000013][ T5000]  do_exit+0x1f41/0x2810 kernel/exit.c:962
            [  100.000014][ T5000]  do_group_exit+0x207/0x2c0 kernel/exit.c:1084
            [  100.000015][ T5000]  </TASK>

            """)
        #expect(r.title == "WARNING: still has locks held in do_truncate")
        #expect(r.type == "LOCKDEP")
    }

    @Test("arm64 user-memory access outside uaccess routines")
    func arm64UserMemory() throws {
        let r = try ReportParser.single(
            """
            [   50.000000][ T4000] Unable to handle kernel access to user memory outside uaccess routines at virtual address 0000000020000100
            [   50.000001][ T4000] Mem abort info:
            [   50.000002][ T4000]   ESR = 0x000000009600000f
            [   50.000003][ T4000]   EC = 0x25: DABT (current EL), IL = 32 bits
            [   50.000004][ T4000] Internal error: Oops: 000000009600000f [#1] PREEMPT SMP
            [   50.000005][ T4000] Modules linked in:
            [   50.000006][ T4000] CPU: 1 PID: 4000 Comm: syz-executor Not tainted 6.6.0 #0
            [   50.000007][ T4000] pc : hci_sock_ioctl+0x1c/0x40 net/bluetooth/hci_sock.c:1100
            [   50.000008][ T4000] lr : sock_do_ioctl+0x80/0x200 net/socket.c:1200
            [   50.000009][ T4000] sp : ffff800080a37b60
            [   50.000010][ T4000] Call trace:
            [   50.000011][ T4000]  hci_sock_ioctl+0x1c/0x40 net/bluetooth/hci_sock.c:1100
            [   50.000012][ T4000]  sock_do_ioctl+0x80/0x200 net/socket.c:1200
            [   50.000013][ T4000]  sock_ioctl+0x4e0/0x8c0 net/socket.c:1317
            [   50.000014][ T4000] ---[ end trace 0000000000000000 ]---

            """)
        #expect(r.title == "BUG: unable to handle kernel access to user memory in hci_sock_ioctl")
    }

    @Test("an RCU stall in a syscall names the syscall, not the syscall-table dispatcher")
    func stallNamesSyscall() throws {
        let r = try ReportParser.single(
            """
            [  200.000000][    C0] rcu: INFO: rcu_preempt self-detected stall on CPU
            [  200.000001][    C0] rcu: \t0-....: (10500 ticks this GP) idle=1234/1/0x4000000000000000 softirq=100/100 fqs=5000
            [  200.000003][    C0] CPU: 0 PID: 6000 Comm: syz-executor Not tainted 6.10.0 #0
            [  200.000005][    C0] Call Trace:
            [  200.000006][    C0]  <IRQ>
            [  200.000007][    C0]  rcu_sched_clock_irq+0x100/0x200 kernel/rcu/tree.c:2400
            [  200.000008][    C0]  update_process_times+0x10/0x20 kernel/time/timer.c:2000
            [  200.000009][    C0]  </IRQ>
            [  200.000010][    C0]  <TASK>
            [  200.000011][    C0]  asm_sysvec_apic_timer_interrupt+0x1a/0x20 arch/x86/include/asm/idtentry.h:702
            [  200.000012][    C0] RIP: 0010:path_openat+0x100/0x2000 fs/namei.c:3800
            [  200.000013][    C0]  do_filp_open+0x1b0/0x3e0 fs/namei.c:3900
            [  200.000014][    C0]  do_sys_openat2+0x120/0x1a0 fs/open.c:1400
            [  200.000015][    C0]  __do_sys_openat2 fs/open.c:1450 [inline]
            [  200.000016][    C0]  __x64_sys_openat2+0x1a0/0x220 fs/open.c:1440
            [  200.000017][    C0]  x64_sys_call+0x1b0/0x2000 arch/x86/include/generated/asm/syscalls_64.h:438
            [  200.000018][    C0]  do_syscall_64+0xd0/0x1e0 arch/x86/entry/common.c:83
            [  200.000019][    C0]  entry_SYSCALL_64_after_hwframe+0x77/0x7f
            [  200.000020][    C0]  </TASK>

            """)
        #expect(r.title == "INFO: rcu detected stall in sys_openat2")
    }

    @Test("CPU vulnerability notices printed with WARNING: at boot are not crashes; a real WARN still is")
    func bootNotices() throws {
        let notices = """
            [    0.500000] Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on, data leaks possible via Spectre v2 BHB attacks!
            [    0.600000] RETBleed: WARNING: Spectre v2 mitigation leaves CPU vulnerable to RETBleed attacks, data leaks possible!
            [    0.700000] WARNING: kernel not compiled with CPU_SRSO.

            """
        #expect(ReportParser().parse(notices).isEmpty)
        let r = try ReportParser.single(notices + KernelFixtures.warning + "\n")
        #expect(r.title == "WARNING in strp_done")
    }

    @Test("a frame from a plumbing file (lib/klist.c) is passed over even when its name is new")
    func plumbingByFile() throws {
        let r = try ReportParser.single(
            """
            [   70.000000][ T7000] general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN
            [   70.000001][ T7000] KASAN: null-ptr-deref in range [0x0000000000000008-0x000000000000000f]
            [   70.000002][ T7000] CPU: 0 PID: 7000 Comm: syz-executor Not tainted 6.1.0 #0
            [   70.000003][ T7000] RIP: 0010:klist_next+0x20/0x100 lib/klist.c:380
            [   70.000004][ T7000] Code: 48 89 fb 48 83 ec 08 e8 00 00 00 00
            [   70.000005][ T7000] Call Trace:
            [   70.000006][ T7000]  <TASK>
            [   70.000007][ T7000]  klist_next+0x20/0x100 lib/klist.c:380
            [   70.000008][ T7000]  hci_uart_tty_close+0x50/0x200 drivers/bluetooth/hci_ldisc.c:540
            [   70.000009][ T7000]  tty_ldisc_close+0x110/0x190 drivers/tty/tty_ldisc.c:455
            [   70.000010][ T7000]  </TASK>
            [   70.000011][ T7000] ---[ end trace 0000000000000000 ]---

            """)
        #expect(r.title == "general protection fault in hci_uart_tty_close")
    }
}
