import Testing

@testable import CrashReport

/// Frame families of issue 13 (docs/crash-titles.md §3, §4): each test is cut from a corpus log
/// (`../shared/corpus/linux/report/N`) or written with the frames and source lines of Linux 6.1.
@Suite("Plumbing frame families and interleaved reports")
struct PlumbingFamilyTests {
    @Test("Bad page state: page freeing and skb release frames lead to the owner of the page (corpus 726)")
    func badPageState() throws {
        let r = try ReportParser.single(
            """
            [  360.589544][ T8978] BUG: Bad page state in process syz.3.584  pfn:7071f
            [  360.597807][ T8978] page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x7f467f1e8 pfn:0x7071f
            [  360.633711][ T8978] page dumped because: page_pool leak
            [  360.806113][ T8978] CPU: 1 UID: 0 PID: 8978 Comm: syz.3.584 Not tainted 6.12.0-rc1-syzkaller #0
            [  360.811056][ T8978] Call Trace:
            [  360.814367][ T8978]  <TASK>
            [  360.817327][ T8978]  dump_stack_lvl+0x241/0x360
            [  360.822051][ T8978]  ? __pfx_dump_stack_lvl+0x10/0x10
            [  360.832477][ T8978]  bad_page+0x18e/0x200
            [  360.836687][ T8978]  free_unref_page+0xe47/0xea0
            [  360.841504][ T8978]  ? compound_order+0x1a/0x60
            [  360.846238][ T8978]  skb_release_data+0x6b2/0x880
            [  360.851155][ T8978]  sk_skb_reason_drop+0x1a5/0x3d0
            [  360.856235][ T8978]  __netif_receive_skb_core+0x3edd/0x4570
            [  360.909829][ T8978]  __netif_receive_skb_list_core+0x2b7/0x980
            [  360.940714][ T8978]  netif_receive_skb_list_internal+0xa51/0xe30
            [  360.980856][ T8978]  netif_receive_skb_list+0x55/0x4b0
            [  360.986167][ T8978]  bpf_test_run_xdp_live+0x1af6/0x2110
            [  361.042399][ T8978]  bpf_prog_test_run_xdp+0x80e/0x11b0
            [  361.059702][ T8978]  bpf_prog_test_run+0x33a/0x3b0
            [  361.064663][ T8978]  __sys_bpf+0x48d/0x810
            [  361.079816][ T8978]  __x64_sys_bpf+0x7c/0x90
            [  361.084250][ T8978]  do_syscall_64+0xf3/0x230
            [  361.093554][ T8978]  entry_SYSCALL_64_after_hwframe+0x77/0x7f
            [  361.172081][ T8978]  </TASK>
            [  361.175540][ T8978] Disabling lock debugging due to kernel taint

            """)
        #expect(r.title == "BUG: Bad page state in bpf_test_run_xdp_live")
    }

    @Test("Bad page state, symbolized: every mm/ frame is the page's path, not its owner")
    func badPageStateByFile() throws {
        let r = try ReportParser.single(
            """
            [  500.000000][ T5200] BUG: Bad page state in process syz-executor  pfn:2a0c1
            [  500.000001][ T5200] page dumped because: non-NULL mapping
            [  500.000002][ T5200] CPU: 0 PID: 5200 Comm: syz-executor Not tainted 6.1.0 #0
            [  500.000003][ T5200] Call Trace:
            [  500.000004][ T5200]  <TASK>
            [  500.000005][ T5200]  dump_stack_lvl+0x100/0x178 lib/dump_stack.c:106
            [  500.000006][ T5200]  bad_page+0x13d/0x170 mm/page_alloc.c:643
            [  500.000007][ T5200]  free_pages_prepare mm/page_alloc.c:1339 [inline]
            [  500.000008][ T5200]  free_unref_page_prepare+0x8f0/0xa40 mm/page_alloc.c:3380
            [  500.000009][ T5200]  release_pages+0x8c6/0xc40 mm/swap.c:1018
            [  500.000010][ T5200]  __pagevec_release+0x80/0xf0 mm/swap.c:1083
            [  500.000011][ T5200]  truncate_inode_pages_range+0x4b0/0x1140 mm/truncate.c:370
            [  500.000012][ T5200]  ntfs_evict_inode+0x1a/0x90 fs/ntfs3/inode.c:1790
            [  500.000013][ T5200]  evict+0x2a4/0x620 fs/inode.c:665
            [  500.000014][ T5200]  </TASK>

            """)
        #expect(r.title == "BUG: Bad page state in ntfs_evict_inode")
    }

    @Test("a crypto primitive (lib/crypto/aes.c) under its fscrypt caller names the caller")
    func cryptoPrimitive() throws {
        let r = try ReportParser.single(
            """
            [  800.000000][ T6100] =====================================================
            [  800.000001][ T6100] BUG: KMSAN: uninit-value in aes_encrypt+0x15cc/0x1db0 lib/crypto/aes.c:282
            [  800.000002][ T6100]  aes_encrypt+0x15cc/0x1db0 lib/crypto/aes.c:282
            [  800.000003][ T6100]  aesti_encrypt+0x7d/0xf0 crypto/aes_ti.c:31
            [  800.000004][ T6100]  crypto_ecb_crypt crypto/ecb.c:23 [inline]
            [  800.000005][ T6100]  crypto_ecb_encrypt+0x1a4/0x3e0 crypto/ecb.c:40
            [  800.000006][ T6100]  crypto_skcipher_encrypt+0x198/0x250 crypto/skcipher.c:630
            [  800.000007][ T6100]  fscrypt_crypt_block+0x8b4/0xd30 fs/crypto/crypto.c:137
            [  800.000008][ T6100]  fscrypt_encrypt_pagecache_blocks+0x3c3/0x6c0 fs/crypto/crypto.c:205
            [  800.000009][ T6100]  ext4_bio_write_page+0x1a9e/0x2530 fs/ext4/page-io.c:526
            [  800.000010][ T6100] 
            [  800.000011][ T6100] Local variable key created at:
            [  800.000012][ T6100]  fscrypt_crypt_block+0x5b/0xd30 fs/crypto/crypto.c:104
            [  800.000013][ T6100] 
            [  800.000014][ T6100] CPU: 1 PID: 6100 Comm: kworker/u4:3 Not tainted 6.1.0 #0
            [  800.000015][ T6100] =====================================================

            """)
        #expect(r.title == "KMSAN: uninit-value in fscrypt_crypt_block")
    }

    @Test("a WARN in cleanup_srcu_struct (kernel/rcu/srcutree.c:600) names the teardown that left readers")
    func srcuTeardown() throws {
        let r = try ReportParser.single(
            """
            [  300.000000][ T7100] ------------[ cut here ]------------
            [  300.000001][ T7100] WARNING: CPU: 1 PID: 7100 at kernel/rcu/srcutree.c:600 cleanup_srcu_struct+0x3a5/0x4b0 kernel/rcu/srcutree.c:600
            [  300.000002][ T7100] Modules linked in:
            [  300.000003][ T7100] CPU: 1 PID: 7100 Comm: syz-executor Not tainted 6.1.0 #0
            [  300.000004][ T7100] RIP: 0010:cleanup_srcu_struct+0x3a5/0x4b0 kernel/rcu/srcutree.c:600
            [  300.000005][ T7100] Call Trace:
            [  300.000006][ T7100]  <TASK>
            [  300.000007][ T7100]  kvm_destroy_vm virt/kvm/kvm_main.c:1343 [inline]
            [  300.000008][ T7100]  kvm_put_kvm+0x9c2/0xe90 virt/kvm/kvm_main.c:1372
            [  300.000009][ T7100]  kvm_vm_release+0x43/0x50 virt/kvm/kvm_main.c:1395
            [  300.000010][ T7100]  __fput+0x27c/0xa90 fs/file_table.c:320
            [  300.000011][ T7100]  </TASK>
            [  300.000012][ T7100] ---[ end trace 0000000000000000 ]---

            """)
        #expect(r.title == "WARNING in kvm_put_kvm")
    }

    @Test("stack guard page: the net-device adjacency walk between a driver's frames is passed over")
    func netdevIterator() throws {
        let r = try ReportParser.single(
            """
            [  900.000000][    C0] BUG: TASK stack guard page was hit at ffffc90003a7ff98 (stack is ffffc90003a80000..ffffc90003a88000)
            [  900.000001][    C0] stack guard page: 0000 [#1] PREEMPT SMP KASAN
            [  900.000002][    C0] CPU: 0 PID: 8200 Comm: syz-executor Not tainted 6.1.0 #0
            [  900.000003][    C0] RIP: 0010:__netdev_walk_all_upper_dev+0x4c/0x5a0 net/core/dev.c:7090
            [  900.000004][    C0] Call Trace:
            [  900.000005][    C0]  <TASK>
            [  900.000006][    C0]  netdev_walk_all_upper_dev_rcu+0x27/0x40 net/core/dev.c:7130
            [  900.000007][    C0]  bond_has_this_ip drivers/net/bonding/bond_main.c:2965 [inline]
            [  900.000008][    C0]  bond_arp_rcv+0x5d1/0x1070 drivers/net/bonding/bond_main.c:3185
            [  900.000009][    C0]  bond_handle_frame+0x2a7/0xa10 drivers/net/bonding/bond_main.c:1530
            [  900.000010][    C0]  __netif_receive_skb_core+0x10f9/0x3bd0 net/core/dev.c:5407
            [  900.000011][    C0]  </TASK>

            """)
        #expect(r.title == "BUG: stack guard page was hit in bond_arp_rcv")
    }

    @Test("an RCU stall in a kernel thread is anchored at kthread(), not at kthread_should_park (corpus 588)")
    func kthreadAnchor() throws {
        let r = try ReportParser.single(
            """
            [  589.079232] rcu: INFO: rcu_sched self-detected stall on CPU
            [  589.085351] rcu: \t0-....: (10499 ticks this GP) idle=d0a/1/0x4000000000000002 softirq=51093/51093 fqs=3111 
            [  589.104157] CPU: 0 PID: 17938 Comm: io_uring-sq Not tainted 4.15.0-syzkaller #0
            [  589.120984] Call Trace:
            [  589.123632]  <IRQ>
            [  589.125842]  [<ffffffff849381e4>] dump_stack+0xe1/0x157
            [  589.176900]  [<ffffffff848381a7>] rcu_sched_clock_irq.cold+0x4d7/0x8a8
            [  589.189495]  [<ffffffff8165c90d>] update_process_times+0x2d/0x70
            [  589.239769]  [<ffffffff84a04a69>] smp_apic_timer_interrupt+0x159/0x580
            [  589.245935]  [<ffffffff84a019a3>] apic_timer_interrupt+0x93/0xa0
            [  589.245935]  </IRQ>
            [  589.248181] RIP: 0010:write_comp_data+0x9/0x70
            [  589.297452]  [<ffffffff81492f64>] ? kthread_should_park+0x54/0xd0
            [  589.311816]  [<ffffffff81492f64>] kthread_should_park+0x54/0xd0
            [  589.318011]  [<ffffffff81d0a9d3>] io_sq_thread+0x213/0xc80
            [  589.323709]  [<ffffffff81d0a7c0>] ? io_submit_sqes+0x28b0/0x28b0
            [  589.347728]  [<ffffffff81496355>] kthread+0x345/0x410
            [  589.366440]  [<ffffffff84a0019f>] ret_from_fork+0x3f/0x50

            """)
        #expect(r.title == "INFO: rcu detected stall in io_sq_thread")
    }

    @Test("a hung task waiting in rcu_barrier names the function that waited (corpus 692)")
    func hungInRCUBarrier() throws {
        let r = try ReportParser.single(
            """
            INFO: task kworker/u4:6:5166 blocked for more than 143 seconds.
                  Not tainted 6.0.0-syzkaller-09589-g55be6084c8e0 #0
            "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
            task:kworker/u4:6    state:D stack:26848 pid:5166  ppid:2      flags:0x00004000
            Workqueue: netns cleanup_net
            Call Trace:
             <TASK>
             context_switch kernel/sched/core.c:5178 [inline]
             __schedule+0xadf/0x5270 kernel/sched/core.c:6490
             schedule+0xda/0x1b0 kernel/sched/core.c:6566
             schedule_preempt_disabled+0xf/0x20 kernel/sched/core.c:6625
             __mutex_lock_common kernel/locking/mutex.c:679 [inline]
             __mutex_lock+0xa44/0x1350 kernel/locking/mutex.c:747
             rcu_barrier+0x44/0x710 kernel/rcu/tree.c:3951
             netdev_run_todo+0x2a5/0x1100 net/core/dev.c:10331
             vti6_exit_batch_net+0x3a5/0x670 net/ipv6/ip6_vti.c:1191
             ops_exit_list+0x125/0x170 net/core/net_namespace.c:167
             cleanup_net+0x4ea/0xb00 net/core/net_namespace.c:594
             process_one_work+0x991/0x1610 kernel/workqueue.c:2289
             </TASK>

            """)
        #expect(r.title == "INFO: task hung in netdev_run_todo")
    }

    @Test("arm calls SYSCALL_DEFINE symbols directly: a stall in sys_openat2 is titled openat2")
    func armSyscallSymbol() throws {
        let r = try ReportParser.single(
            """
            INFO: rcu_sched detected stalls on CPUs/tasks:
            \t(detected by 0, t=2102 jiffies, g=84543, c=84542, q=6)
            syz-executor1   R  running task        0  7464   1210 0x00000003
            Backtrace: 
            [<8011218c>] (unwind_backtrace) from [<8010e300>] (show_stack+0x18/0x1c)
            [<8010e300>] (show_stack) from [<8018de80>] (rcu_check_callbacks+0x7a0/0x7a8)
            [<8018de80>] (rcu_check_callbacks) from [<80192868>] (update_process_times+0x38/0x68)
            [<805eb204>] (gic_handle_irq) from [<80101a0c>] (__irq_svc+0x6c/0x90)
            [<80101a0c>] (__irq_svc) from [<80b2f268>] (_raw_spin_unlock_irqrestore+0x1c/0x20)
            [<80b2f268>] (_raw_spin_unlock_irqrestore) from [<8016fb5c>] (path_openat+0x68/0x104)
            [<8016fb5c>] (path_openat) from [<8028eaf4>] (do_filp_open+0x50/0x114)
            [<8028eaf4>] (do_filp_open) from [<802918b8>] (do_sys_openat2+0x260/0xf98)
            [<802918b8>] (do_sys_openat2) from [<80292a90>] (sys_openat2+0x9c/0x100)
            [<80292a90>] (sys_openat2) from [<80101000>] (ret_fast_syscall+0x0/0x54)

            """)
        #expect(r.title == "INFO: rcu detected stall in openat2")
    }

    /// The start of corpus 632's KMSAN report, before the WARNING that interrupted it.
    private static let kmsanStart = """
        [ 1307.514700][    T0] =====================================================
        [ 1307.514750][    T0] BUG: KMSAN: uninit-value in __perf_event_task_sched_in+0x2b6/0xca0
        [ 1307.514815][    T0]  __perf_event_task_sched_in+0x2b6/0xca0
        [ 1307.514872][    T0]  finish_task_switch+0x72c/0xad0
        [ 1307.514916][    T0]  __schedule+0x182c/0x20a0
        [ 1307.514967][    T0]  schedule_idle+0x5b/0x90
        [ 1307.515017][    T0]  do_idle+0x816/0x840
        [ 1307.515309][    T0] 

        """

    @Test("a KMSAN report cut by a WARNING of its own task before its closing rule is corrupted (corpus 632)")
    func interleavedReport() throws {
        let reports = ReportParser().parse(
            Self.kmsanStart + """
                [ 1307.515316][    T0] ------------[ cut here ]------------
                [ 1307.515328][    T0] slab index 52160 out of bounds (604) for stack id 0283cbc0
                [ 1307.515910][    T0] WARNING: CPU: 1 PID: 0 at lib/stackdepot.c:293 stack_depot_fetch+0x2f/0x60
                [ 1307.516019][    T0] CPU: 1 PID: 0 Comm: swapper/1 Not tainted 5.16.0-rc5-syzkaller #0
                [ 1307.516094][    T0] RIP: 0010:stack_depot_fetch+0x2f/0x60
                [ 1307.516553][    T0] Call Trace:
                [ 1307.516566][    T0]  <TASK>
                [ 1307.516583][    T0]  kmsan_print_origin+0x41/0x2e0
                [ 1307.516720][    T0]  kmsan_report+0x1dd/0x2f0
                [ 1307.517857][    T0]  __msan_warning+0xb8/0x130
                [ 1307.517908][    T0]  __perf_event_task_sched_in+0x2b6/0xca0
                [ 1307.518042][    T0]  finish_task_switch+0x72c/0xad0
                [ 1307.518100][    T0]  </TASK>
                [ 1307.518110][    T0] ---[ end trace 0000000000000000 ]---
                [ 1307.518571][    T0] (stack is not available)
                [ 1307.518589][    T0] CPU: 1 PID: 0 Comm: swapper/1 Tainted: G        W         5.16.0-rc5-syzkaller #0
                [ 1307.518663][    T0] =====================================================

                """)
        // The WARNING that interrupted it is a report of its own.
        #expect(
            reports.map(\.title) == [
                "KMSAN: uninit-value in __perf_event_task_sched_in", "WARNING in stack_depot_fetch",
            ])
        let r = try #require(reports.first)
        #expect(r.corrupted)
        // The same report without the interruption is whole.
        let clean = try ReportParser.single(
            Self.kmsanStart + """
                [ 1307.518589][    T0] CPU: 1 PID: 0 Comm: swapper/1 Not tainted 5.16.0-rc5-syzkaller #0
                [ 1307.518663][    T0] =====================================================

                """)
        #expect(clean.title == "KMSAN: uninit-value in __perf_event_task_sched_in")
        #expect(!clean.corrupted)
    }
}
