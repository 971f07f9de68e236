/// Signs that a report is damaged: a timestamp inside the title, a missing stack, a stack
/// header followed by no frames.
enum Damage {
    static func check(_ d: Description, lines: ArraySlice<String>) -> String? {
        if titleHasTimestamp(d.title) { return "title contains a timestamp" }
        guard d.known, !d.noStackTrace else { return nil }
        // A stack printed without a "Call Trace:" line (KMSAN, riscv) still counts as a stack.
        if !lines.contains(where: {
            callTrace.occurs(in: $0) || callTraceArm.occurs(in: $0) || backtrace.occurs(in: $0)
                || $0.hasPrefix("Backtrace:")
        }) && lines.prefix(200).lazy.filter({ FrameLine.isOffsetFrame($0) }).prefix(3).count < 3 {
            return "no stack trace in report"
        }
        // The first stack of each kind (call trace, allocation, free, leak backtrace) must hold frames.
        var seen = Set<String>()
        for i in lines.indices {
            guard let kind = GenericFrames.stackKeyword(lines[i]), seen.insert(kind).inserted else { continue }
            let following = lines[(i + 1)...]
            if following.count < 2 { return "call trace is missed" }
            var found = false
            for line in following.prefix(15) {
                if GenericFrames.startsStack(line) { break }
                if line.contains("(stack is not available)") || line.contains("<Same stack as pid")
                    || FrameLine.isOffsetFrame(line)
                {
                    found = true
                    break
                }
            }
            if !found { return "no frames in a stack trace" }
        }
        return nil
    }

    private static let callTrace = Needle("Call Trace")
    private static let callTraceArm = Needle("Call trace:")
    private static let backtrace = Needle("backtrace")

    private static func titleHasTimestamp(_ title: String) -> Bool {
        var search = title[...]
        while let open = search.firstIndex(of: "[") {
            let rest = title[title.index(after: open)...].drop(while: { $0 == " " })
            let digits = rest.prefix(while: { $0.isASCIIDigit })
            if !digits.isEmpty, rest.dropFirst(digits.count).first == "." {
                let frac = rest.dropFirst(digits.count + 1).prefix(while: { $0.isASCIIDigit })
                if !frac.isEmpty && rest.dropFirst(digits.count + 1 + frac.count).first == "]" { return true }
            }
            search = title[title.index(after: open)...]
        }
        return false
    }
}
