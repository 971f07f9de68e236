/// Lockdep reports (printed under `WARNING:` in new kernels and `INFO:` in old ones).
enum LockdepTitles {
    static func describe(_ c: TitleContext) -> Description? {
        let t = c.tail
        let body: Substring
        if t.hasPrefix("WARNING: ") {
            body = t.dropFirst(9)
        } else if t.hasPrefix("INFO: ") {
            body = t.dropFirst(6)
        } else {
            return nil
        }
        if body.hasPrefix("possible circular locking dependency detected") && t.hasPrefix("WARNING: ") {
            guard c.find("is trying to acquire lock") != nil else {
                return Description(title: c.tail, corrupted: "lockdep report cut before the acquired lock")
            }
            let spec = StackSpec(
                steps: [.lockSite, .lockSite, .trace],
                skip: ["process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"])
            let start = c.find("is trying to acquire lock")
            return c.titled("possible deadlock in ", spec, from: start)
        }
        for irq in ["HARDIRQ", "SOFTIRQ"] where body.hasPrefix("\(irq)-safe -> \(irq)-unsafe lock order detected") {
            // The interesting place is where the lock became irq-safe.
            if let i = c.find("-irq-safe at:") {
                let (name, problem) = c.frame(StackSpec(steps: [.trace]), from: i + 1)
                if problem == nil { return Description(title: "possible deadlock in " + name) }
            }
        }
        if body.hasPrefix("inconsistent lock state") && t.hasPrefix("WARNING: ") {
            guard let i = c.find("takes") else {
                return Description(title: c.tail, corrupted: "lockdep report cut before the lock site")
            }
            let spec = StackSpec(steps: [.lockSite, .line("Call Trace:", functionAfter: false), .trace])
            return c.titled("inconsistent lock state in ", spec, from: i + 1)
        }
        let siteAfter: [(String, String, String)] = [
            ("possible circular locking dependency detected", "is trying to acquire lock", "possible deadlock in "),
            (
                "possible irq lock inversion dependency detected", "just changed the state of lock",
                "possible deadlock in "
            ),
            ("SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected", "is trying to acquire", "possible deadlock in "),
            ("HARDIRQ-safe -> HARDIRQ-unsafe lock order detected", "is trying to acquire", "possible deadlock in "),
            ("possible recursive locking detected", "is trying to acquire lock", "possible deadlock in "),
            ("inconsistent lock state", "takes", "inconsistent lock state in "),
        ]
        for (kind, anchor, prefix) in siteAfter where body.hasPrefix(kind) {
            if let i = c.find(anchor, from: c.lines.startIndex + 1) {
                for line in c.lines[(i + 1)...] {
                    if let name = TextScan.lockSite(line) { return Description(title: prefix + name) }
                }
            }
            return Description(title: c.tail, corrupted: "lockdep report cut before the lock site")
        }
        return nil
    }
}
