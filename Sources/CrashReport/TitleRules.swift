/// The title chosen for a report and what the rule knows about its shape.
struct Description: Sendable {
    var title: String
    /// Why the report is damaged, when the rule can tell.
    var corrupted: String?
    /// The report kind has no stack trace of its own (so a missing stack is not damage).
    var noStackTrace = false
    /// A known rule produced the title (unknown reports are never called damaged for lack of a stack).
    var known = true
    /// The stack frame the title names, when it names one.
    var frame: String?
}

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

    /// Syscall entry wrappers name the syscall: `SyS_pause` -> `pause`, `__x64_sys_read` -> `sys_read`.
    static func syscallName(_ name: String) -> String {
        for prefix in ["SyS_", "SYSC_", "__se_sys_", "__do_sys_", "compat_SyS_", "compat_SYSC_", "ksys_"]
        where name.hasPrefix(prefix) && name.count > prefix.count {
            return String(name.dropFirst(prefix.count))
        }
        for prefix in ["__x64_", "__ia32_", "__arm64_", "__s390x_", "__riscv_"] where name.hasPrefix(prefix + "sys_") {
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

/// Title rules per report family, written after the way the kernel prints each kind of report.
enum TitleRules {
    static func describe(_ c: TitleContext) -> Description {
        let first = describeHeader(c)
        guard !first.known else { return first }
        // An unknown or cut header line ("INFO: t"): a later line with the same marker may be the
        // complete header of the same report.
        for i in c.lines.indices.dropFirst() where c.lines[i].contains(c.header.marker) {
            guard c.header.matches(c.lines[i]) else { continue }
            let later = describeHeader(TitleContext(lines: c.lines[i...], header: c.header))
            if later.known { return later }
        }
        return first
    }

    private static func describeHeader(_ c: TitleContext) -> Description {
        switch c.header.family {
        case .bug: return BugTitles.describe(c)
        case .warning: return WarningTitles.describe(c)
        case .info: return InfoTitles.describe(c)
        case .kernelPanic: return PanicTitles.describe(c)
        default: return OtherTitles.describe(c)
        }
    }
}
