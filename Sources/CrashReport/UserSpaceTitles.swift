/// Titles for crashes of ordinary programs: sanitizer reports (ASan, LSan, UBSan, TSan, MSan),
/// Go panics, fatal errors and data races, and Rust panics.
enum UserSpaceTitles {
    static func describe(_ c: TitleContext) -> Description {
        let t = c.tail
        switch c.header.family {
        case .goPanic, .goFatal:
            return goPanic(c)
        case .rustPanic:
            return rustPanic(c)
        default:
            break
        }
        if t.hasPrefix("WARNING: DATA RACE") {
            let name = goFunction(c.lines.dropFirst()) ?? "corrupted"
            return Description(
                title: "DATA RACE in \(name)", corrupted: name == "corrupted" ? "no goroutine stack" : nil,
                noStackTrace: true)
        }
        for tool in ["AddressSanitizer", "HWAddressSanitizer", "MemorySanitizer", "ThreadSanitizer", "LeakSanitizer"] {
            guard let r = t.find(tool + ": ") else { continue }
            var kind = String(t[r.upperBound...])
            for stop in [" on address", " on unknown address", " (pid=", " at pc ", ":"] {
                if let s = kind.find(stop) { kind = String(kind[..<s.lowerBound]) }
            }
            if tool == "LeakSanitizer" { kind = "detected memory leaks" }
            let name = sanitizerFunction(c.lines.dropFirst())
            return Description(
                title: "\(tool): \(kind) in \(name ?? "corrupted")",
                corrupted: name == nil ? "no stack frame outside the sanitizer runtime" : nil, noStackTrace: true)
        }
        if let r = t.find("runtime error: ") {
            var kind = String(t[r.upperBound...])
            if let colon = kind.firstIndex(of: ":") { kind = String(kind[..<colon]) }
            let full = c.lines.first ?? t
            let location = String(full[..<(full.find("runtime error: ")?.lowerBound ?? full.startIndex)])
                .trimmingCharacters(in: " :")
            let name = sanitizerFunction(c.lines.dropFirst()) ?? fileName(location)
            return Description(title: "UndefinedBehaviorSanitizer: \(kind) in \(name)", noStackTrace: true)
        }
        return c.raw
    }

    /// `src/foo.c:12:5` -> `foo.c`.
    private static func fileName(_ location: String) -> String {
        let path = location.split(separator: ":").first.map(String.init) ?? location
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Runtime frames that are never the culprit: interceptors, the sanitizer runtime, libc.
    private static let runtimePrefixes = [
        "__interceptor_", "___interceptor_", "__asan", "__lsan", "__ubsan", "__tsan",
        "__msan", "__hwasan", "__sanitizer", "__interception", "operator new", "operator delete", "__libc_", "_start",
    ]
    private static let runtimeFunctions: Set<String> = [
        "malloc", "calloc", "realloc", "free", "memcpy", "memmove", "memset", "memcmp", "strlen", "strcpy", "strncpy",
        "strcmp", "strncmp", "strdup", "strndup", "strcat", "strchr", "strrchr", "printf", "sprintf", "snprintf",
        "vsnprintf", "puts", "fputs", "fwrite", "fread", "read", "write", "posix_memalign", "aligned_alloc",
        "valloc", "pvalloc", "reallocarray", "abort", "raise", "__GI_raise", "__GI_abort", "pthread_create",
        "bcmp", "strstr", "strnlen", "wcslen", "__strdup",
    ]

    /// First frame (`#N 0x.. in func file:line` or `#N func file:line`) outside the runtime.
    static func sanitizerFunction(_ lines: ArraySlice<String>) -> String? {
        for line in lines.prefix(200) {
            let s = line.drop(while: { $0 == " " || $0 == "\t" })
            guard s.hasPrefix("#"), let space = s.firstIndex(of: " ") else { continue }
            guard s.dropFirst().prefix(while: { $0 != " " }).allSatisfy({ $0.isASCIIDigit }) else { continue }
            var rest = s[space...].drop(while: { $0 == " " })
            if rest.hasPrefix("0x") {
                rest = rest.drop(while: { $0 != " " }).drop(while: { $0 == " " })
                guard rest.hasPrefix("in ") else { continue }
                rest = rest.dropFirst(3)
            }
            let name = functionName(rest)
            guard !name.isEmpty else { continue }
            let location = rest.dropFirst(name.count)
            if runtimeFunctions.contains(name) || runtimePrefixes.contains(where: { name.hasPrefix($0) }) { continue }
            if location.contains("sanitizer_common") || location.contains("compiler-rt") || location.contains("/asan/")
                || location.contains("/lsan/") || location.contains("/tsan/") || location.contains("/ubsan/")
                || location.contains("libc.so") || location.contains("libpthread")
            {
                continue
            }
            return name
        }
        return nil
    }

    /// The function part of `func(args) /path/file.c:1:2`, argument list removed.
    private static func functionName(_ s: Substring) -> String {
        var depth = 0
        var end = s.startIndex
        var parenStart: String.Index?
        while end < s.endIndex {
            let ch = s[end]
            if ch == "(" || ch == "<" {
                if depth == 0 && ch == "(" && parenStart == nil { parenStart = end }
                depth += 1
            } else if ch == ")" || ch == ">" {
                depth = max(0, depth - 1)
            } else if ch == " " && depth == 0 {
                break
            }
            end = s.index(after: end)
        }
        var name = s[s.startIndex..<end]
        if let p = parenStart, p > s.startIndex, name.hasSuffix(")") { name = name[..<p] }
        return String(name)
    }

    /// Go: `panic: msg` / `fatal error: msg`, then `goroutine N [running]:` and `pkg.func(...)` lines.
    /// Does the report look like Go runtime output (a goroutine dump or runtime stack)?
    static func hasGoStack(_ lines: ArraySlice<String>) -> Bool {
        lines.prefix(60).contains { $0.hasPrefix("goroutine ") || $0.hasPrefix("runtime stack:") }
    }

    private static func goPanic(_ c: TitleContext) -> Description {
        if c.header.family == .goFatal {
            let message = c.tail.dropFirst("fatal error: ".count)
            // Failures of the Go runtime itself (memory, scheduler) are one class, whatever the program.
            if message.hasPrefix("runtime") || message.hasPrefix("out of memory")
                || message.hasPrefix("unexpected signal") || message.hasPrefix("stack overflow")
                || message.hasPrefix("morestack") || message.hasPrefix("fault")
            {
                return Description(title: "go runtime error", noStackTrace: true)
            }
        }
        var message = c.tail
        // Values inside a message vary run to run; keep its stable part.
        if let bracket = message.find(" [") { message = String(message[..<bracket.lowerBound]) }
        if message.hasPrefix("panic: ") && message.hasSuffix(" [recovered]") { message = String(message.dropLast(12)) }
        guard let g = c.find("goroutine ") else {
            return Description(title: message, corrupted: "no goroutine stack", noStackTrace: true)
        }
        let name = goFunction(c.lines[(g + 1)...])
        return Description(
            title: "\(message) in \(name ?? "corrupted")",
            corrupted: name == nil ? "no goroutine stack" : nil, noStackTrace: true)
    }

    /// The first Go frame outside the runtime: lines `pkg.Func(args)` followed by `\tfile.go:N +0x..`.
    static func goFunction(_ lines: ArraySlice<String>) -> String? {
        for raw in lines.prefix(400) {
            // Panics print frames flush left, the race detector indents them; file lines end in +0x...
            let line = String(raw.drop(while: { $0 == " " || $0 == "\t" }))
            guard line.hasSuffix(")") else { continue }
            guard let open = line.lastIndex(of: "(") else { continue }
            let name = String(line[..<open])
            guard name.contains("."), !name.contains(" ") else { continue }
            if name.hasPrefix("runtime.") || name.hasPrefix("panic") || name.hasPrefix("testing.")
                || name.hasPrefix("sync.") || name.hasPrefix("created by")
            {
                continue
            }
            return name
        }
        return nil
    }

    /// Rust: `thread 'main' panicked at src/main.rs:4:5:` + message line (1.73+), or
    /// `thread 'main' panicked at 'message', src/main.rs:4:5` (older).
    private static func rustPanic(_ c: TitleContext) -> Description {
        let t = c.tail
        var message = ""
        var location = ""
        if let r = t.find("panicked at '"), let end = t[r.upperBound...].findLast("', ") {
            message = String(t[r.upperBound..<end.lowerBound])
            location = String(t[end.upperBound...])
        } else if let r = t.find("panicked at ") {
            location = String(t[r.upperBound...]).trimmingCharacters(in: ": ")
            message = c.lines.dropFirst().first ?? ""
        }
        // With RUST_BACKTRACE=1: "  N: crate::func" lines; skip the std/core machinery.
        var function: String?
        for line in c.lines.dropFirst() {
            let s = line.drop(while: { $0 == " " })
            guard let colon = s.firstIndex(of: ":"), s[..<colon].allSatisfy({ $0.isASCIIDigit }), colon > s.startIndex
            else { continue }
            var name = s[s.index(after: colon)...].trimmingPrefixSpaces()
            if let hash = name.findLast("::h"),
                name[hash.upperBound...].allSatisfy({ $0.isASCIIHex }) && name[hash.upperBound...].count == 16
            {
                name = name[..<hash.lowerBound]
            }
            if name.hasPrefix("std::") || name.hasPrefix("core::") || name.hasPrefix("rust_begin_unwind")
                || name.hasPrefix("__rust") || name.hasPrefix("alloc::") || name.hasPrefix("<")
            {
                continue
            }
            function = String(name)
            break
        }
        let file = location.split(separator: ":").first.map(String.init) ?? location
        return Description(title: "\(message) in \(function ?? file)", noStackTrace: true)
    }
}
