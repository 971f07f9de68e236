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

    private static let needles = texts.map(Needle.init)
    private static let processes = [Needle("(syz-fuzzer)"), Needle("(sshd)")]

    static func matches(_ region: ReportRegion) -> Bool {
        // One search per text over the lines' bytes laid end to end instead of one per line.
        let lines = region.prefix + region.lines.prefix(400)
        var joined: [UInt8] = []
        joined.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            joined.append(contentsOf: line.utf8)
            joined.append(10)
        }
        let (text, process) = joined.withUnsafeBufferPointer { b in
            (
                needles.contains(where: { $0.occurs(in: b, from: 0, to: b.count) }),
                processes.contains(where: { $0.occurs(in: b, from: 0, to: b.count) })
            )
        }
        if text { return true }
        guard process else { return false }
        for line in lines {
            for process in ["(syz-fuzzer)", "(sshd)"] where line.contains(process) {
                if line.contains("Out of memory: Kill process") || line.contains("Killed process") { return true }
            }
        }
        return false
    }
}
