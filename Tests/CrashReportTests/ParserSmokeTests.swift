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

    /// A program's own output before its sanitizer report is not part of the report, and the
    /// sanitizer's frames are read.
    @Test func sanitizerReportTextAndFrames() throws {
        let log = """
            OK
            value: 42
            =================================================================
            ==17286==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x55adf3f346fb
            READ of size 1 at 0x602000000010 thread T0
                #0 0x55ebb893b6fa in print_value src/proto.c:9:5
                #1 0x55ebb893b0e2 in main src/main.c:18
                #2 0x7f669ee45249 in __libc_start_call_main (/lib/x86_64-linux-gnu/libc.so.6+0x27249)

            SUMMARY: AddressSanitizer: heap-use-after-free src/proto.c:9 in print_value

            """
        let report = try #require(ReportParser().parse(log).first)
        #expect(report.text.hasPrefix("====="))
        #expect(!report.text.contains("value: 42"))
        #expect(report.frames.map(\.function) == ["print_value", "main", "__libc_start_call_main"])
        #expect(report.frames.first?.file == "src/proto.c")
        #expect(report.frames.first?.line == 9)
        #expect(report.frames.last?.file == nil)
    }
}
