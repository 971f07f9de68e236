/// Crashes that are not bugs of the code under test (the fuzzer or ssh running out of memory,
/// the executor failing to start).
enum Suppressions {
    static let texts = [
        "fatal error: runtime: out of memory", "fatal error: runtime: cannot allocate memory",
        "panic: failed to start executor binary", "panic: executor failed: pthread_create failed",
        "panic: failed to create temp dir", "fatal error: unexpected signal during runtime execution",
        "signal SIGBUS: bus error", "lowmemorykiller: Killing 'syz-fuzzer'", "lowmemorykiller: Killing 'sshd'",
        "INIT: PANIC: segmentation violation!", "fatal error: out of memory", "SYZFAIL: SIGBUS",
        "runtime: out of memory",
    ]

    static func matches(_ region: ReportRegion) -> Bool {
        // One search per text over the joined lines instead of one per line.
        let lines = region.prefix + region.lines.prefix(400)
        let joined = lines.joined(separator: "\n")
        if texts.contains(where: { joined.contains($0) }) { return true }
        guard joined.contains("(syz-fuzzer)") || joined.contains("(sshd)") else { return false }
        for line in lines {
            for process in ["(syz-fuzzer)", "(sshd)"] where line.contains(process) {
                if line.contains("Out of memory: Kill process") || line.contains("Killed process") { return true }
            }
        }
        return false
    }
}
