/// Titles for `INFO:` reports: RCU stalls, hung tasks, lockdep (old kernels), RCU misuse.
enum InfoTitles {
    static func describe(_ c: TitleContext) -> Description {
        let t = c.tail
        if let d = LockdepTitles.describe(c) { return d }
        if isRCUStall(t) {
            // The stalled CPU's stack starts where the timer interrupt hit it (x86 apic timer, arm
            // __irq_svc, arm64 el1 irq); above it is only the stall detector itself.
            let skip = ["apic_timer_interrupt", "rcu", "__irq_svc", "el1_irq", "el1h_64_irq", "el1_interrupt"]
            let spec = StackSpec(
                steps: [.interrupt, .ip, .trace], fallback: [.interrupt, .trace], skip: skip, choice: .stall)
            let (name, problem) = c.frame(spec)
            return Description(title: "INFO: rcu detected stall in " + name, corrupted: problem)
        }
        if t.hasPrefix("INFO: trying to register non-static key") {
            return c.titled(
                "INFO: trying to register non-static key in ", StackSpec.callTrace.with(skip: ["stack", "lock", "IRQ"]))
        }
        if t.hasPrefix("INFO: suspicious RCU usage") {
            return WarningTitles.rcuUsage(c, prefix: "INFO: suspicious RCU usage in ")
        }
        let next = c.lines.dropFirst().first ?? ""
        // The task name may hold a newline or binary bytes, splitting the header in two lines.
        if t.hasPrefix("INFO: task "),
            (t.contains(" blocked") && t.contains("for more than ")) || next.contains(" blocked for more than ")
        {
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
