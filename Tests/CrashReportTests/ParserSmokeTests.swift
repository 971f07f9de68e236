import CrashReport
import Testing

/// The contract other modules rely on: a KASAN report in a noisy console log gives its title.
@Suite struct ParserSmokeTests {
    @Test func kasanReportInNoise() {
        let log = """
            [    0.000000] Linux version 6.1.0
            [   12.345678][ T1234] ==================================================================
            [   12.345679][ T1234] BUG: KASAN: use-after-free in psock_map_pop+0x2a/0x40
            [   12.345680][ T1234] Read of size 8 at addr ffff888012345678 by task repro/1234
            [   12.345681][ T1234] Call Trace:
            [   12.345682][ T1234]  <TASK>
            [   12.345683][ T1234]  dump_stack_lvl+0x48/0x70
            [   12.345684][ T1234]  print_report+0xc3/0x5e0
            [   12.345685][ T1234]  kasan_report+0xb9/0xf0
            [   12.345686][ T1234]  psock_map_pop+0x2a/0x40
            [   12.345687][ T1234]  __do_sys_bpf+0x1c5/0x2e0
            [   12.345688][ T1234]  do_syscall_64+0x3b/0x90
            [   12.345689][ T1234]  entry_SYSCALL_64_after_hwframe+0x63/0xcd
            [   12.345690][ T1234]  </TASK>
            [   12.345691][ T1234] ==================================================================
            """
        let reports = ReportParser().parse(log)
        #expect(reports.first?.title == "KASAN: use-after-free Read in psock_map_pop")
        #expect(ReportParser().parse("just a boot log\nnothing happened\n").isEmpty)
    }
}
