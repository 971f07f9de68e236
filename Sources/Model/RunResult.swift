/// The outcome of one reproducer run.
public struct RunResult: Sendable, Hashable, Codable {
    /// Run index (`run #i` in the log).
    public var index: Int
    public var outcome: RunOutcome
    /// Wall-clock seconds for this run (boot included for VMs).
    public var seconds: Double
    /// Path of this run's console log or output, when kept.
    public var logPath: String?

    public init(index: Int, outcome: RunOutcome, seconds: Double, logPath: String? = nil) {
        self.index = index
        self.outcome = outcome
        self.seconds = seconds
        self.logPath = logPath
    }
}

/// What one run showed.
public enum RunOutcome: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The reproducer finished and no crash was reported.
    case ok
    /// A crash was reported; `title` is the one-line crash title (CrashReport conventions, or
    /// `exit status N` / `killed by signal N` for a process that died without a report).
    /// `report` is the report text, when there is one.
    case crashed(title: String, report: String?)
    /// The revision cannot be tested (exit status 125, as `git bisect run`): no evidence.
    case cannotTest(reason: String)
    /// The test machine did not boot (no evidence about the bug); `title` when it crashed booting.
    case bootFailed(reason: String)
    /// The run exceeded its time limit or went silent; `lastLines` from its output.
    case timedOut(lastLines: String)
    /// The test machinery itself failed (QEMU could not start): no evidence, retry elsewhere.
    case infrastructureFailure(reason: String)

    /// How the seeds' log spells it: `OK`, `crashed: T`, `boot failed: R`, ...
    public var description: String {
        switch self {
        case .ok: "OK"
        case .crashed(let title, _): "crashed: \(title)"
        case .cannotTest(let reason): "cannot test: \(reason)"
        case .bootFailed(let reason): "boot failed: \(reason)"
        case .timedOut: "timed out"
        case .infrastructureFailure(let reason): "infrastructure failure: \(reason)"
        }
    }
}
