import Testing

@testable import CrashReport

@Suite("User-space crash reports")
struct UserSpaceTests {
    private func primary(_ output: String) throws -> Report {
        try #require(ReportParser().parse(output).first)
    }

    @Test("AddressSanitizer names the first frame outside interceptors and the runtime")
    func asan() throws {
        let output = """
            =================================================================
            ==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x55d0 bp 0x7ffd sp 0x7ffc
            READ of size 4 at 0x602000000010 thread T0
                #0 0x4c3d6e in __interceptor_strlen ../sanitizer_common/sanitizer_common_interceptors.inc:389
                #1 0x4c3e10 in parse_header /src/app/header.c:12:5
                #2 0x4c3f0a in main /src/app/main.c:30:3
                #3 0x7f0a2b in __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x29d8f)

            freed by thread T0 here:
                #0 0x49a2d1 in free (/src/app/a.out+0x49a2d1)
                #1 0x4c3e00 in release /src/app/header.c:20:3

            SUMMARY: AddressSanitizer: heap-use-after-free /src/app/header.c:12:5 in parse_header
            ==4242==ABORTING
            """
        let r = try primary(output)
        #expect(r.title == "AddressSanitizer: heap-use-after-free in parse_header")
        #expect(r.type == "MEMORY_SAFETY_BUG")
        #expect(!r.corrupted)
    }

    @Test("LeakSanitizer names the allocating function")
    func lsan() throws {
        let output = """
            =================================================================
            ==77==ERROR: LeakSanitizer: detected memory leaks

            Direct leak of 40 byte(s) in 1 object(s) allocated from:
                #0 0x4b8d1f in malloc (/tmp/leak+0x4b8d1f)
                #1 0x4e6a40 in make_node /src/list.c:7:20
                #2 0x4e6b31 in main /src/list.c:19:3

            SUMMARY: AddressSanitizer: 40 byte(s) leaked in 1 allocation(s).
            """
        let r = try primary(output)
        #expect(r.title == "LeakSanitizer: detected memory leaks in make_node")
        #expect(r.type == "LEAK")
    }

    @Test("UndefinedBehaviorSanitizer with and without a stack")
    func ubsan() throws {
        let withStack = """
            /src/calc.c:12:14: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'
                #0 0x4c1a2b in add /src/calc.c:12:14
                #1 0x4c1b40 in main /src/calc.c:20:3
            SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /src/calc.c:12:14 in
            """
        #expect(try primary(withStack).title == "UndefinedBehaviorSanitizer: signed integer overflow in add")
        let bare = "src/shift.c:3:12: runtime error: shift exponent 40 is too large for 32-bit type 'int'\n"
        let r = try primary(bare)
        #expect(
            r.title == "UndefinedBehaviorSanitizer: shift exponent NUM is too large for NUM-bit type 'int' in shift.c")
        #expect(r.type == "UBSAN")
    }

    @Test("ThreadSanitizer data race")
    func tsan() throws {
        let output = """
            ==================
            WARNING: ThreadSanitizer: data race (pid=9876)
              Write of size 4 at 0x55d3c8 by thread T2:
                #0 worker /src/race.c:10:11 (race+0x1234)
                #1 <null> <null> (libtsan.so.2+0x3a8c)

              Previous read of size 4 at 0x55d3c8 by main thread:
                #0 main /src/race.c:20:3 (race+0x1300)
            SUMMARY: ThreadSanitizer: data race /src/race.c:10:11 in worker
            ==================
            """
        let r = try primary(output)
        #expect(r.title == "ThreadSanitizer: data race in worker")
        #expect(r.type == "DATA_RACE")
    }

    @Test("Go panic names the first frame outside the runtime")
    func goPanic() throws {
        let output = """
            panic: runtime error: index out of range [5] with length 3

            goroutine 1 [running]:
            main.parseRecord({0xc000012345, 0x3, 0x3})
            \t/home/u/app/parse.go:12 +0x1d
            main.main()
            \t/home/u/app/main.go:20 +0x25
            exit status 2
            """
        let r = try primary(output)
        #expect(r.title == "panic: runtime error: index out of range in main.parseRecord")
        #expect(r.panicked)
    }

    @Test("Go data race")
    func goRace() throws {
        let output = """
            ==================
            WARNING: DATA RACE
            Write at 0x00c00001c0b8 by goroutine 7:
              main.increment()
                  /home/u/race/main.go:10 +0x3c

            Previous read at 0x00c00001c0b8 by goroutine 6:
              main.increment()
                  /home/u/race/main.go:10 +0x2e
            ==================
            """
        let r = try primary(output)
        #expect(r.title == "DATA RACE in main.increment")
        #expect(r.type == "DATA_RACE")
    }

    @Test("Rust panic, current and old message formats")
    func rustPanic() throws {
        let current = """
            thread 'main' panicked at src/main.rs:4:5:
            index out of bounds: the len is 3 but the index is 10
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
            """
        #expect(try primary(current).title == "index out of bounds: the len is NUM but the index is NUM in src/main.rs")
        let old = "thread 'main' panicked at 'attempt to add with overflow', src/lib.rs:9:13\n"
        #expect(try primary(old).title == "attempt to add with overflow in src/lib.rs")
        let traced = """
            thread 'main' panicked at src/main.rs:4:5:
            boom
            stack backtrace:
               0: rust_begin_unwind
               1: core::panicking::panic_fmt
               2: demo::parse
                         at ./src/main.rs:4:5
               3: demo::main
            """
        #expect(try primary(traced).title == "boom in demo::parse")
    }

    @Test("a program that exits without a report yields no crash (the caller titles signals)")
    func noReport() {
        #expect(ReportParser().parse("all good\nexit status 0\n").isEmpty)
        #expect(ReportParser().parse("Segmentation fault (core dumped)\n").isEmpty)
    }

    @Test("C++ and Rust symbols are demangled")
    func demangling() {
        #expect(SymbolDemangler.demangle("_Z8fakeNameiii") == "fakeName")
        #expect(SymbolDemangler.demangle("_ZN3foo3barEv") == "foo::bar")
        #expect(
            SymbolDemangler.demangle("_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref")
                == "<rust_binder::process::Process>::update_ref")
        #expect(SymbolDemangler.demangle("plain_c_name") == "plain_c_name")
        #expect(SymbolDemangler.demangle("_RNvB9999_3foo") == "_RNvB9999_3foo")
    }
}
