import Testing

@testable import CrashReport

@Suite("Kernel report titles")
struct KernelTitleTests {
    private func primary(_ log: String) throws -> Report {
        try #require(ReportParser().parse(log).first)
    }

    @Test("KASAN names the access and the first non-sanitizer frame")
    func kasan() throws {
        let r = try primary(KernelFixtures.kasan)
        #expect(r.title == "KASAN: use-after-free Read in psock_map_pop")
        #expect(r.type == "KASAN-USE-AFTER-FREE-READ")
        #expect(!r.corrupted)
        #expect(r.guiltyFile == "net/core/sock_map.c")
        #expect(
            r.frames.contains { $0.function == "sock_map_unref" && $0.file == "net/core/sock_map.c" && $0.line == 180 })
    }

    @Test("general protection fault takes the RIP function; the panic after it is noted")
    func gpf() throws {
        let r = try primary(KernelFixtures.gpf)
        #expect(r.title == "general protection fault in tls_trim_both_msgs")
        #expect(r.type == "DoS")
        #expect(r.panicked)
        #expect(r.guiltyFile == "net/tls/tls_sw.c")
    }

    @Test("RCU stall names the frame above the receive entry point")
    func rcuStall() throws {
        let r = try primary(KernelFixtures.rcuStall)
        #expect(r.title == "INFO: rcu detected stall in ipv6_rcv")
        #expect(r.type == "HANG")
    }

    @Test("WARNING takes the function that warned")
    func warning() throws {
        let r = try primary(KernelFixtures.warning)
        #expect(r.title == "WARNING in strp_done")
        #expect(r.type == "WARNING")
        #expect(r.guiltyFile == "net/strparser/strparser.c")
    }

    @Test("ODEBUG warnings blame the user of the object, not the object machinery")
    func odebug() throws {
        let r = try primary(KernelFixtures.odebug)
        #expect(r.title == "WARNING: ODEBUG bug in foo_release")
    }

    @Test("lockdep circular dependency becomes possible deadlock in the acquiring function")
    func deadlock() throws {
        let r = try primary(KernelFixtures.deadlock)
        #expect(r.title == "possible deadlock in do_splice")
        #expect(r.type == "LOCKDEP")
    }

    @Test("hung task skips scheduler and locking frames")
    func hungTask() throws {
        let r = try primary(KernelFixtures.hungTask)
        #expect(r.title == "INFO: task hung in p9_fd_close")
        #expect(r.type == "HANG")
    }

    @Test("kernel BUG, NULL dereference, list corruption")
    func bugs() throws {
        #expect(try primary(KernelFixtures.kernelBug).title == "kernel BUG in esp6_gro_receive")
        let null = try primary(KernelFixtures.nullDeref)
        #expect(null.title == "BUG: unable to handle kernel NULL pointer dereference in vhci_shutdown_connection")
        #expect(null.type == "NULL-POINTER-DEREFERENCE")
        let list = try primary(KernelFixtures.listCorruption)
        #expect(list.title == "BUG: corrupted list in nilfs_sysfs_delete_device_group")
        #expect(list.type == "MEMORY_SAFETY_BUG")
    }

    @Test("memory leak skips the allocator frames")
    func memoryLeak() throws {
        let r = try primary(KernelFixtures.memoryLeak)
        #expect(r.title == "memory leak in ipv6_sock_mc_join")
        #expect(r.type == "LEAK")
    }

    @Test("UBSAN, KMSAN and KCSAN")
    func sanitizers() throws {
        let ubsan = try primary(KernelFixtures.ubsan)
        #expect(ubsan.title == "UBSAN: shift-out-of-bounds in tabledist")
        #expect(ubsan.type == "UBSAN")
        let kmsan = try primary(KernelFixtures.kmsan)
        #expect(kmsan.title == "KMSAN: uninit-value in ntfs_iget5")
        #expect(kmsan.type == "KMSAN-UNINIT-VALUE")
        #expect(!kmsan.corrupted)
        let kcsan = try primary(KernelFixtures.kcsan)
        #expect(kcsan.title == "KCSAN: data-race in e1000_clean_rx_irq / e1000_xmit_frame")
        #expect(kcsan.type == "KCSAN-DATARACE")
    }

    @Test("soft lockup, refcount warning, reboot, plain panic")
    func others() throws {
        #expect(try primary(KernelFixtures.softLockup).title == "BUG: soft lockup in ieee80211_tasklet_handler")
        let refcount = try primary(KernelFixtures.refcount)
        #expect(refcount.title == "WARNING: refcount bug in hdm_disconnect")
        #expect(refcount.type == "REFCOUNT_WARNING")
        let reboot = try primary(KernelFixtures.reboot)
        #expect(reboot.title == "unexpected kernel reboot")
        #expect(reboot.type == "REBOOT")
        let panic = try primary(KernelFixtures.panicOnly)
        #expect(panic.title == "kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)")
        #expect(panic.panicked)
    }

    @Test("ordinary boot noise holds no crash")
    func clean() {
        #expect(ReportParser().parse(KernelFixtures.clean).isEmpty)
        #expect(!ReportParser().containsCrash(Array(KernelFixtures.clean.utf8)))
    }

    @Test("a report cut before its stack is marked damaged")
    func truncated() throws {
        let log = """
            [   10.1] BUG: KASAN: use-after-free in foo_bar+0x1/0x2
            [   10.2] Read of size 8 at addr ffff888012345678 by task a/1
            """
        let r = try primary(log)
        #expect(r.corrupted)
        #expect(r.corruptedReason != nil)
    }

    @Test("offsets point at the report in the input; several reports come primary first")
    func offsetsAndOrder() throws {
        let log = "noise line\n" + KernelFixtures.warning + "\n" + KernelFixtures.kernelBug + "\n"
        let reports = ReportParser().parse(log)
        #expect(reports.count == 2)
        #expect(reports[0].title == "WARNING in strp_done")
        #expect(reports[1].title == "kernel BUG in esp6_gro_receive")
        let bytes = Array(log.utf8)
        let start = reports[0].startOffset
        let header = try #require(log.utf8.firstRange(of: "[   55.000002]".utf8))
        #expect(start == log.utf8.distance(from: log.utf8.startIndex, to: header.lowerBound))
        #expect(String(decoding: bytes[start..<start + 14], as: UTF8.self) == "[   55.000002]")
        #expect(reports[0].endOffset <= reports[1].startOffset)
    }

    @Test("timestamps, caller ids, syslog levels and carriage returns are stripped")
    func prefixes() throws {
        let log =
            "<4>[   55.000002][ T3000] WARNING: CPU: 1 PID: 3000 at net/x/y.c:5 x_fn+0x9a/0xc0\r\n"
            + "<4>[   55.000004][ T3000] RIP: 0010:x_fn+0x9a/0xc0 net/x/y.c:5\r\n"
            + "<4>[   55.000005][ T3000] Call Trace:\r\n<4>[   55.000006][ T3000]  caller_fn+0x2a/0x60 net/x/z.c:1\r\n"
        let r = try primary(log)
        #expect(r.title == "WARNING in x_fn")
        #expect(r.text.hasPrefix("WARNING: CPU: 1 PID: 3000"))
        #expect(!r.text.contains("\r"))
    }
}
