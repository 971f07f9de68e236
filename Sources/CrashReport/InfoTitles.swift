/// Titles for `INFO:` reports: RCU stalls, hung tasks, lockdep (old kernels), RCU misuse.
enum InfoTitles {
    static func describe(_ c: TitleContext) -> Description {
        let t = c.tail
        if let d = LockdepTitles.describe(c) { return d }
        if isRCUStall(t) {
            let skip = ["apic_timer_interrupt", "rcu"]
            let spec = StackSpec(
                steps: [.line("apic_timer_interrupt", functionAfter: false), .ip, .trace],
                fallback: [.line("apic_timer_interrupt", functionAfter: false), .trace], skip: skip, choice: .stall)
            let (name, problem) = c.frame(spec)
            if problem == nil { return Description(title: "INFO: rcu detected stall in " + name) }
            // Stalls reported without an interrupt frame: take the stack dumped for the stalled CPU.
            let plain = StackSpec(steps: [.ip, .trace], fallback: [.trace], skip: skip, choice: .stall)
            let (name2, problem2) = c.frame(plain)
            return Description(title: "INFO: rcu detected stall in " + name2, corrupted: problem2)
        }
        if t.hasPrefix("INFO: trying to register non-static key") {
            return c.titled(
                "INFO: trying to register non-static key in ", StackSpec.callTrace.with(skip: ["stack", "lock", "IRQ"]))
        }
        if t.hasPrefix("INFO: suspicious RCU usage") {
            return WarningTitles.rcuUsage(c, prefix: "INFO: suspicious RCU usage in ")
        }
        if t.hasPrefix("INFO: task "), t.contains(" blocked"), t.contains("for more than ") {
            return c.titled("INFO: task hung in ", StackSpec.callTrace.with(.hung))
        }
        if t.hasPrefix("INFO: task "), t.contains(" can't die for more than ") {
            return c.titled("INFO: task can't die in ", StackSpec.callTrace.with(skip: ["schedule"]))
        }
        for kind in ["Freed", "Allocated"] where t.hasPrefix("INFO: \(kind) in ") {
            return Description(
                title: "INFO: \(kind) in " + t.dropFirst("INFO: \(kind) in ".count),
                corrupted: "old-style KASAN report cut short")
        }
        if t.trimmingCharacters(in: " \t") == "INFO:" {
            return Description(title: "INFO: corrupted", corrupted: "empty INFO header")
        }
        return c.raw
    }

    static func isRCUStall(_ t: String) -> Bool {
        guard t.hasPrefix("INFO: rcu_") || t.hasPrefix("INFO: rcu ") else { return false }
        return t.contains("detected stall") || t.contains("detected expedited stall")
            || t.contains("self-detected stall") || t.contains("detected stalls")
    }
}
