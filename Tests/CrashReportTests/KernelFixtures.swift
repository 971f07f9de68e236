/// Small hand-written console logs, one per report family, in the shapes the kernel prints.
enum KernelFixtures {
    static let kasan = """
        [   10.100000][ T1234] ==================================================================
        [   10.100001][ T1234] BUG: KASAN: use-after-free in psock_map_pop+0x1f/0x80 net/core/sock_map.c:420
        [   10.100002][ T1234] Read of size 8 at addr ffff88801234abcd by task syz-executor.0/1234
        [   10.100003][ T1234]
        [   10.100004][ T1234] CPU: 0 PID: 1234 Comm: syz-executor.0 Not tainted 6.1.0-syzkaller #0
        [   10.100005][ T1234] Call Trace:
        [   10.100006][ T1234]  <TASK>
        [   10.100007][ T1234]  dump_stack_lvl+0x1e3/0x2cb lib/dump_stack.c:106
        [   10.100008][ T1234]  print_report+0x15f/0x4f0 mm/kasan/report.c:395
        [   10.100009][ T1234]  kasan_report+0x136/0x160 mm/kasan/report.c:495
        [   10.100010][ T1234]  psock_map_pop+0x1f/0x80 net/core/sock_map.c:420
        [   10.100011][ T1234]  sock_map_unref+0x2e/0x90 net/core/sock_map.c:180
        [   10.100012][ T1234]  __sys_bpf+0x5a1/0x6b0 kernel/bpf/syscall.c:5000
        [   10.100013][ T1234]  do_syscall_64+0x3d/0xb0 arch/x86/entry/common.c:80
        [   10.100014][ T1234]  </TASK>
        """

    static let gpf = """
        [  772.918915] general protection fault, probably for non-canonical address 0xdffffc0000000002: 0000 [#1] PREEMPT SMP KASAN
        [  772.918916] KASAN: null-ptr-deref in range [0x0000000000000010-0x0000000000000017]
        [  772.918917] CPU: 1 PID: 4242 Comm: syz-executor Not tainted 6.2.0 #1
        [  772.918918] RIP: 0010:tls_trim_both_msgs+0x54/0x130 net/tls/tls_sw.c:268
        [  772.918919] Code: 48 89 fa 48 c1 ea 03 80 3c 02 00
        [  772.918920] RSP: 0018:ffffc90003a8f7e8 EFLAGS: 00010202
        [  772.918921] Call Trace:
        [  772.918922]  <TASK>
        [  772.918923]  tls_sw_sendmsg+0xa1b/0x1440 net/tls/tls_sw.c:1100
        [  772.918924]  inet6_sendmsg+0x9d/0xe0 net/ipv6/af_inet6.c:652
        [  772.918925]  sock_sendmsg+0xcf/0x120 net/socket.c:730
        [  772.918926]  </TASK>
        [  772.918927] Kernel panic - not syncing: Fatal exception
        """

    static let rcuStall = """
        [  300.000001][    C0] rcu: INFO: rcu_preempt self-detected stall on CPU
        [  300.000002][    C0] rcu: \t0-....: (10500 ticks this GP) idle=5be/1/0x4000000000000000
        [  300.000003][    C0] NMI backtrace for cpu 0
        [  300.000004][    C0] Call Trace:
        [  300.000005][    C0]  <IRQ>
        [  300.000006][    C0]  dump_stack_lvl+0x1e3/0x2cb
        [  300.000007][    C0]  rcu_sched_clock_irq+0x2e1/0x1a30
        [  300.000008][    C0]  update_process_times+0x198/0x200
        [  300.000009][    C0]  __sysvec_apic_timer_interrupt+0x17c/0x5f0
        [  300.000010][    C0]  sysvec_apic_timer_interrupt+0x99/0xc0
        [  300.000011][    C0]  </IRQ>
        [  300.000012][    C0]  <TASK>
        [  300.000013][    C0]  asm_sysvec_apic_timer_interrupt+0x1a/0x20
        [  300.000014][    C0] RIP: 0010:ipv6_rcv_core+0x18/0x90 net/ipv6/ip6_input.c:150
        [  300.000015][    C0] RSP: 0018:ffffc9000345f6a8 EFLAGS: 00000246
        [  300.000016][    C0]  ipv6_rcv+0x1b7/0x2d0 net/ipv6/ip6_input.c:300
        [  300.000017][    C0]  __netif_receive_skb_one_core+0x115/0x180 net/core/dev.c:5400
        [  300.000018][    C0]  netif_receive_skb+0x13f/0x6f0 net/core/dev.c:5600
        [  300.000019][    C0]  tun_get_user+0x2e8c/0x3a40 drivers/net/tun.c:1990
        [  300.000020][    C0]  </TASK>
        """

    static let warning = """
        [   55.000001][ T3000] ------------[ cut here ]------------
        [   55.000002][ T3000] WARNING: CPU: 1 PID: 3000 at net/strparser/strparser.c:500 strp_done+0x9a/0xc0 net/strparser/strparser.c:500
        [   55.000003][ T3000] Modules linked in:
        [   55.000004][ T3000] RIP: 0010:strp_done+0x9a/0xc0 net/strparser/strparser.c:500
        [   55.000005][ T3000] Call Trace:
        [   55.000006][ T3000]  kcm_done+0x2a/0x60 net/kcm/kcmsock.c:1800
        [   55.000007][ T3000]  kcm_release+0x1b2/0x3d0 net/kcm/kcmsock.c:1900
        """

    static let odebug = """
        [   77.000001] ODEBUG: free active (active state 0) object type: timer_list hint: foo_timer_fn+0x0/0x40
        [   77.000002] WARNING: CPU: 0 PID: 77 at lib/debugobjects.c:505 debug_print_object+0x16e/0x250 lib/debugobjects.c:505
        [   77.000003] RIP: 0010:debug_print_object+0x16e/0x250 lib/debugobjects.c:505
        [   77.000004] Call Trace:
        [   77.000005]  debug_check_no_obj_freed+0x300/0x420 lib/debugobjects.c:990
        [   77.000006]  kfree+0xf6/0x2b0 mm/slub.c:4100
        [   77.000007]  del_timer+0x30/0x50 kernel/time/timer.c:1200
        [   77.000008]  foo_release+0x51/0x90 drivers/misc/foo.c:42
        """

    static let deadlock = """
        [  120.000001][ T9000] ======================================================
        [  120.000002][ T9000] WARNING: possible circular locking dependency detected
        [  120.000003][ T9000] 6.0.0-syzkaller #0 Not tainted
        [  120.000004][ T9000] ------------------------------------------------------
        [  120.000005][ T9000] syz-executor.1/9000 is trying to acquire lock:
        [  120.000006][ T9000] ffff8880264c2130 (&pipe->mutex/1){+.+.}-{3:3}, at: mutex_lock_nested+0x1b/0x20
        [  120.000007][ T9000]
        [  120.000008][ T9000] but task is already holding lock:
        [  120.000009][ T9000] ffff88807d1a0100 (sb_writers#4){.+.+}-{0:0}, at: do_splice+0x3a5/0x1e10 fs/splice.c:1100
        [  120.000010][ T9000]
        [  120.000011][ T9000] stack backtrace:
        [  120.000012][ T9000] Call Trace:
        [  120.000013][ T9000]  dump_stack_lvl+0x1e3/0x2cb
        [  120.000014][ T9000]  __lock_acquire+0x2a43/0x56d0
        """

    static let hungTask = """
        [  400.000001] INFO: task syz-executor.3:5000 blocked for more than 143 seconds.
        [  400.000002]       Not tainted 6.1.0-syzkaller #0
        [  400.000003] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
        [  400.000004] task:syz-executor.3  state:D stack:27000 pid:5000  ppid:4000   flags:0x00004004
        [  400.000005] Call Trace:
        [  400.000006]  <TASK>
        [  400.000007]  __schedule+0x8e4/0x2a60 kernel/sched/core.c:5200
        [  400.000008]  schedule+0xde/0x1b0 kernel/sched/core.c:6500
        [  400.000009]  schedule_preempt_disabled+0x13/0x20 kernel/sched/core.c:6550
        [  400.000010]  __mutex_lock+0xa48/0x1360 kernel/locking/mutex.c:747
        [  400.000011]  p9_fd_close+0x2e/0x4f0 net/9p/trans_fd.c:870
        [  400.000012]  p9_client_destroy+0xb6/0x460 net/9p/client.c:1100
        [  400.000013]  </TASK>
        """

    static let kernelBug = """
        [   90.000001] ------------[ cut here ]------------
        [   90.000002] kernel BUG at net/ipv6/esp6_offload.c:180!
        [   90.000003] invalid opcode: 0000 [#1] PREEMPT SMP KASAN
        [   90.000004] RIP: 0010:esp6_gro_receive+0x8b7/0x990 net/ipv6/esp6_offload.c:180
        [   90.000005] Call Trace:
        [   90.000006]  ipv6_gro_receive+0x4e0/0x1220 net/ipv6/ip6_offload.c:240
        [   90.000007]  dev_gro_receive+0xcb0/0x2460 net/core/dev.c:6000
        """

    static let nullDeref = """
        [   12.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008
        [   12.000002] #PF: supervisor read access in kernel mode
        [   12.000003] Oops: 0000 [#1] PREEMPT SMP
        [   12.000004] RIP: 0010:vhci_shutdown_connection+0x88/0x3a0 drivers/usb/usbip/vhci_hcd.c:1010
        [   12.000005] Call Trace:
        [   12.000006]  event_handler+0xd0/0x1c0 drivers/usb/usbip/usbip_event.c:78
        [   12.000007]  process_one_work+0x9af/0x1600 kernel/workqueue.c:2300
        """

    static let memoryLeak = """
        BUG: memory leak
        unreferenced object 0xffff888109a2d800 (size 512):
          comm "syz-executor.2", pid 6000, jiffies 4294941234 (age 12.340s)
          hex dump (first 32 bytes):
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
          backtrace:
            [<ffffffff8150e6ab>] kmalloc include/linux/slab.h:600 [inline]
            [<ffffffff8150e6ab>] kzalloc include/linux/slab.h:733 [inline]
            [<ffffffff8150e6ab>] ipv6_sock_mc_join+0x12b/0x660 net/ipv6/mcast.c:170
            [<ffffffff83f15ea2>] do_ipv6_setsockopt+0x1d12/0x2a60 net/ipv6/ipv6_sockglue.c:900
        """

    static let ubsan = """
        [   33.000001] ================================================================================
        [   33.000002] UBSAN: shift-out-of-bounds in net/sched/sch_netem.c:500:12
        [   33.000003] shift exponent 64 is too large for 64-bit type 'long long unsigned int'
        [   33.000004] CPU: 0 PID: 3300 Comm: syz-executor Not tainted 6.1.0 #0
        [   33.000005] Call Trace:
        [   33.000006]  dump_stack_lvl+0x1e3/0x2cb lib/dump_stack.c:106
        [   33.000007]  ubsan_epilogue lib/ubsan.c:151 [inline]
        [   33.000008]  __ubsan_handle_shift_out_of_bounds+0x3a5/0x420 lib/ubsan.c:322
        [   33.000009]  tabledist+0x47b/0x4e0 net/sched/sch_netem.c:500
        [   33.000010]  netem_enqueue+0x1234/0x2ee0 net/sched/sch_netem.c:560
        """

    static let kmsan = """
        [   44.000001] =====================================================
        [   44.000002] BUG: KMSAN: uninit-value in ntfs_iget5+0x3a0/0x1e00 fs/ntfs3/inode.c:520
        [   44.000003]  ntfs_iget5+0x3a0/0x1e00 fs/ntfs3/inode.c:520
        [   44.000004]  ntfs_fill_super+0x3ab0/0x6b80 fs/ntfs3/super.c:1200
        [   44.000005]  get_tree_bdev+0x6f3/0xa00 fs/super.c:1300
        [   44.000006]
        [   44.000007] Uninit was created at:
        [   44.000008]  __alloc_pages+0x9f1/0xe80 mm/page_alloc.c:5500
        """

    static let kcsan = """
        [   50.000001] ==================================================================
        [   50.000002] BUG: KCSAN: data-race in e1000_clean_rx_irq+0x551/0xb10 / e1000_xmit_frame+0x1b2/0x2200
        [   50.000003]
        [   50.000004] write to 0xffff8881012345c8 of 4 bytes by interrupt on cpu 1:
        [   50.000005]  e1000_clean_rx_irq+0x551/0xb10 drivers/net/ethernet/intel/e1000/e1000_main.c:4500
        """

    static let softLockup = """
        [  200.000001] watchdog: BUG: soft lockup - CPU#1 stuck for 123s! [syz-executor.5:7000]
        [  200.000002] Modules linked in:
        [  200.000003] RIP: 0010:_raw_spin_unlock_irqrestore+0x25/0x40 kernel/locking/spinlock.c:194
        [  200.000004] Call Trace:
        [  200.000005]  <TASK>
        [  200.000006]  ieee80211_tasklet_handler+0xef/0x1b0 net/mac80211/main.c:250
        [  200.000007]  tasklet_action_common+0x3a3/0x4a0 kernel/softirq.c:800
        [  200.000008]  __do_softirq+0x1f4/0x9b0 kernel/softirq.c:571
        [  200.000009]  </TASK>
        """

    static let reboot = """
        [   99.000001] syz-executor: doing something ordinary
        Booting the kernel.
        [    0.000000] Linux version 6.1.0 (root@build) #1 SMP
        """

    static let refcount = """
        [   66.000001] ------------[ cut here ]------------
        [   66.000002] refcount_t: underflow; use-after-free.
        [   66.000003] WARNING: CPU: 0 PID: 6600 at lib/refcount.c:28 refcount_warn_saturate+0x1d7/0x1f0 lib/refcount.c:28
        [   66.000004] RIP: 0010:refcount_warn_saturate+0x1d7/0x1f0 lib/refcount.c:28
        [   66.000005] Call Trace:
        [   66.000006]  __refcount_sub_and_test include/linux/refcount.h:283 [inline]
        [   66.000007]  refcount_dec_and_test include/linux/refcount.h:315 [inline]
        [   66.000008]  hdm_disconnect+0x2c1/0x300 drivers/most/most_usb.c:1100
        [   66.000009]  usb_unbind_interface+0x1d8/0x8e0 drivers/usb/core/driver.c:458
        """

    static let listCorruption = """
        [   88.000001] list_del corruption. prev->next should be ffff888012345678, but was dead000000000100
        [   88.000002] ------------[ cut here ]------------
        [   88.000003] kernel BUG at lib/list_debug.c:59!
        [   88.000004] invalid opcode: 0000 [#1] PREEMPT SMP KASAN
        [   88.000005] RIP: 0010:__list_del_entry_valid.cold+0x5c/0x72 lib/list_debug.c:59
        [   88.000006] Call Trace:
        [   88.000007]  __list_del_entry include/linux/list.h:134 [inline]
        [   88.000008]  list_del include/linux/list.h:148 [inline]
        [   88.000009]  nilfs_sysfs_delete_device_group+0x51/0x90 fs/nilfs2/sysfs.c:1000
        [   88.000010]  nilfs_put_super+0x1a/0x50 fs/nilfs2/super.c:480
        """

    static let panicOnly = """
        [    5.000001] VFS: Cannot open root device "sda1" or unknown-block(0,0): error -6
        [    5.000002] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)
        [    5.000003] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0 #1
        """

    static let clean = """
        [    0.000000] Linux version 6.1.0 (root@build) #1 SMP
        [    1.000000] random: crng init done
        [    2.000000] INFO: lockdep is turned off.
        [    3.000000] WARNING: /etc/ssh/moduli does not exist, using fixed modulus
        [    4.000000] traps: prog[123] general protection fault ip:7f0000 sp:7ffd0000 error:0 in libc.so.6[7f0000+1000]
        syzkaller login: root
        """
}
