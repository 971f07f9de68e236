import Foundation
import Testing

@testable import CrashReport

/// Real user-space crash output, produced here: small C programs built with gcc's sanitizers and
/// a Rust program built with rustc are compiled and run, and their output must give the title a
/// developer would file.
@Suite("Real sanitizer and panic output")
struct RealProgramTests {
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        for dir in path.split(separator: ":").map(String.init) + [home + "/.cargo/bin"] {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether gcc can build and run a program with `flag` (the sanitizer runtime is installed).
    static func sanitizerWorks(_ flag: String) -> Bool {
        guard let gcc = tool("gcc") else { return false }
        let dir = NSTemporaryDirectory() + "culprit-probe-\(getpid())-\(flag.hashValue)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = dir + "/probe.c"
        guard (try? "int main(void) { return 0; }\n".write(toFile: source, atomically: true, encoding: .utf8)) != nil,
            let built = try? run(gcc, ["-fsanitize=" + flag, source, "-o", dir + "/probe"]), built.status == 0,
            let ran = try? run(dir + "/probe", []), ran.status == 0
        else { return false }
        return true
    }

    static let gccAddress = sanitizerWorks("address")
    static let gccUndefined = sanitizerWorks("undefined")
    static let gccThread = sanitizerWorks("thread")
    static let rustc = tool("rustc")

    /// Runs a program; its stdout and stderr together, as a console would show them.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, output: [UInt8])
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, [UInt8](data))
    }

    /// Builds `source` with `compiler arguments`, runs it, and returns the first report of its output.
    private func crash(
        _ source: String, ext: String = "c", compiler: String, _ flags: [String], environment: [String: String] = [:]
    ) throws -> Report {
        let dir = NSTemporaryDirectory() + "culprit-real-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/prog." + ext
        try source.write(toFile: file, atomically: true, encoding: .utf8)
        let built = try Self.run(compiler, flags + [file, "-o", dir + "/prog"])
        try #require(built.status == 0, "build failed: \(String(decoding: built.output, as: UTF8.self))")
        let ran = try Self.run(dir + "/prog", [], environment: environment)
        #expect(ran.status != 0, "the program was expected to fail")
        let text = String(decoding: ran.output, as: UTF8.self)
        return try #require(ReportParser().parse(ran.output).first, "no report in:\n\(text)")
    }

    @Test("AddressSanitizer heap-use-after-free", .enabled(if: gccAddress, "gcc with -fsanitize=address not available"))
    func asan() throws {
        let r = try crash(
            """
            #include <stdio.h>
            #include <stdlib.h>
            int read_value(int *p) { return p[1]; }
            int main(void) { int *p = malloc(8); p[1] = 4; printf("ok\\n"); free(p); return read_value(p); }
            """, compiler: Self.tool("gcc")!, ["-fsanitize=address", "-g", "-O0"])
        #expect(r.title == "AddressSanitizer: heap-use-after-free in read_value")
        #expect(r.type == "MEMORY_SAFETY_BUG")
        #expect(!r.corrupted)
        #expect(r.frames.first?.function == "read_value")
    }

    @Test("LeakSanitizer names the allocating function", .enabled(if: gccAddress, "gcc with -fsanitize=address not available"))
    func lsan() throws {
        let r = try crash(
            """
            #include <stdlib.h>
            #include <string.h>
            char *make_node(int n) { char *p = malloc(n); memset(p, 1, n); return p; }
            int main(void) { char *p = make_node(40); p = 0; return p != 0; }
            """, compiler: Self.tool("gcc")!, ["-fsanitize=address", "-g", "-O0"],
            environment: ["ASAN_OPTIONS": "detect_leaks=1"])
        #expect(r.title == "LeakSanitizer: detected memory leaks in make_node")
        #expect(r.type == "LEAK")
    }

    @Test("UndefinedBehaviorSanitizer signed overflow", .enabled(if: gccUndefined, "gcc with -fsanitize=undefined not available"))
    func ubsan() throws {
        let r = try crash(
            """
            #include <limits.h>
            #include <stdio.h>
            int add(int a, int b) { return a + b; }
            int main(int argc, char **argv) { printf("%d\\n", add(INT_MAX, argc)); return 0; }
            """, compiler: Self.tool("gcc")!, ["-fsanitize=undefined", "-fno-sanitize-recover=undefined", "-g"],
            environment: ["UBSAN_OPTIONS": "print_stacktrace=1"])
        #expect(r.title == "UndefinedBehaviorSanitizer: signed integer overflow in add")
        #expect(r.type == "UBSAN")
    }

    @Test("ThreadSanitizer data race", .enabled(if: gccThread, "gcc with -fsanitize=thread not available"))
    func tsan() throws {
        let r = try crash(
            """
            #include <pthread.h>
            #include <stdio.h>
            int counter;
            void *bump(void *arg) { counter++; return arg; }
            int main(void) {
              pthread_t a, b;
              pthread_create(&a, 0, bump, 0); pthread_create(&b, 0, bump, 0);
              pthread_join(a, 0); pthread_join(b, 0);
              printf("%d\\n", counter);
              return 0;
            }
            """, compiler: Self.tool("gcc")!, ["-fsanitize=thread", "-g", "-O0"],
            environment: ["TSAN_OPTIONS": "exitcode=66"])
        #expect(r.title == "ThreadSanitizer: data race in bump")
        #expect(r.type == "DATA_RACE")
    }

    @Test("Rust panic with a backtrace", .enabled(if: rustc != nil, "rustc not installed"))
    func rustPanic() throws {
        let r = try crash(
            """
            fn parse(items: &[u32], at: usize) -> u32 { items[at] }
            fn main() {
                let items = vec![1, 2, 3];
                let at = std::env::args().count() + 6;
                println!("{}", parse(&items, at));
            }
            """, ext: "rs", compiler: Self.rustc!, ["-g", "-C", "opt-level=0"],
            environment: ["RUST_BACKTRACE": "1"])
        #expect(r.title == "index out of bounds: the len is NUM but the index is NUM in prog::parse")
        #expect(r.panicked)
    }
}
