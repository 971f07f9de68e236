/// Report lines plus helpers the rules use to build titles.
struct TitleContext {
    let lines: ArraySlice<String>
    let header: OopsHeader
    /// The header line from its marker on.
    let tail: String

    init(lines: ArraySlice<String>, header: OopsHeader) {
        self.lines = lines
        self.header = header
        let first = lines.first ?? ""
        if let r = first.find(header.marker) {
            tail = String(first[r.lowerBound...])
        } else {
            tail = first
        }
    }

    /// The frame chosen by `spec`, reading from line `from` on; "corrupted" when none is found.
    func frame(_ spec: StackSpec, from: Int? = nil) -> (String, String?) {
        let start = from ?? lines.startIndex
        let (name, problem) = StackWalker(lines: lines[min(start, lines.endIndex)...], spec: spec).frame()
        if let name { return (Self.syscallName(name), nil) }
        return ("corrupted", problem ?? "extracted no stack frame")
    }

    /// Syscall entry wrappers name the syscall: `SyS_pause` -> `pause`, `__x64_sys_read` -> `sys_read`,
    /// and arm's table entries, which are the `SYSCALL_DEFINE` symbols themselves: `sys_openat2` -> `openat2`.
    static func syscallName(_ name: String) -> String {
        for prefix in ["SyS_", "SYSC_", "__se_sys_", "__do_sys_", "compat_SyS_", "compat_SYSC_", "ksys_", "sys_"]
        where name.hasPrefix(prefix) && name.count > prefix.count {
            return String(name.dropFirst(prefix.count))
        }
        for prefix in ["__x64_", "__ia32_", "__arm64_", "__s390x_", "__riscv_"]
        where name.hasPrefix(prefix + "sys_") || name.hasPrefix(prefix + "compat_sys_") {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// `prefix + frame`, damaged when no frame is found.
    func titled(_ prefix: String, _ spec: StackSpec, from: Int? = nil, noStack: Bool = false) -> Description {
        let (name, problem) = frame(spec, from: from)
        return Description(
            title: prefix + name, corrupted: problem, noStackTrace: noStack, frame: problem == nil ? name : nil)
    }

    func find(_ text: String, from: Int? = nil, within: Int? = nil) -> Int? {
        TextScan.find(text, in: lines, from: from, within: within)
    }

    /// The header line itself as title (for reports no rule knows).
    var raw: Description { Description(title: tail, known: false) }
}
