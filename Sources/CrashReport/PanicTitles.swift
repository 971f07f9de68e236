/// Titles for `Kernel panic - not syncing: ...`. A panic that only follows another report
/// (`Fatal exception`, `panic_on_warn set`) means the real report was lost: damaged.
enum PanicTitles {
    static func describe(_ c: TitleContext) -> Description {
        let t = c.tail
        let key = "Kernel panic - not syncing: "
        guard let r = t.find(key) else { return c.raw }
        let reason = String(t[r.upperBound...]).trimmingCharacters(in: " \t")
        if reason.hasPrefix("stack-protector:") {
            if let name = TextScan.function(after: "Kernel stack is corrupted in: ", in: t) {
                return Description(title: "kernel panic: stack is corrupted in \(name)", noStackTrace: true)
            }
            return c.titled("kernel panic: stack is corrupted in ", StackSpec.callTrace.with(skip: ["stack_chk"]))
        }
        if reason.hasPrefix("corrupted stack end detected inside scheduler") {
            return c.titled(
                "kernel panic: corrupted stack end in ",
                StackSpec.callTrace.with(skip: ["schedule", "retint_kernel"]).with(.stall))
        }
        if reason.hasPrefix("Attempted to kill init!") {
            return Description(title: "kernel panic: Attempted to kill init!", noStackTrace: true)
        }
        if reason.hasPrefix("Couldn't open N_TTY ldisc") {
            return Description(title: "kernel panic: Couldn't open N_TTY ldisc", noStackTrace: true)
        }
        for (lost, title) in [
            ("Fatal exception", "kernel panic: Fatal exception"),
            ("panic_on_warn set", "kernel panic: panic_on_warn set"),
            ("hung_task: blocked tasks", "kernel panic: hung_task: blocked tasks"),
        ] where reason.hasPrefix(lost) {
            return Description(title: title, corrupted: "panic message without the report that caused it")
        }
        return Description(title: "kernel panic: " + reason, noStackTrace: true)
    }
}
