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

    enum CodingKeys: String, CodingKey {
        case index, outcome, seconds
        case logPath = "log_path"
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

    /// The `kind` of the JSON form: `ok`, `crashed`, `cannot_test`, `boot_failed`, `timed_out`,
    /// `infrastructure_failure`.
    public var kind: String {
        switch self {
        case .ok: "ok"
        case .crashed: "crashed"
        case .cannotTest: "cannot_test"
        case .bootFailed: "boot_failed"
        case .timedOut: "timed_out"
        case .infrastructureFailure: "infrastructure_failure"
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, title, report, reason
        case lastLines = "last_lines"
    }

    /// `{"kind": "crashed", "title": ..., "report": ...}`, `{"kind": "ok"}`, ...
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .ok: break
        case .crashed(let title, let report):
            try c.encode(title, forKey: .title)
            try c.encodeIfPresent(report, forKey: .report)
        case .cannotTest(let reason), .bootFailed(let reason), .infrastructureFailure(let reason):
            try c.encode(reason, forKey: .reason)
        case .timedOut(let lastLines): try c.encode(lastLines, forKey: .lastLines)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "ok": self = .ok
        case "crashed":
            self = .crashed(
                title: try c.decode(String.self, forKey: .title), report: try c.decodeIfPresent(String.self, forKey: .report))
        case "cannot_test": self = .cannotTest(reason: try c.decode(String.self, forKey: .reason))
        case "boot_failed": self = .bootFailed(reason: try c.decode(String.self, forKey: .reason))
        case "timed_out": self = .timedOut(lastLines: try c.decode(String.self, forKey: .lastLines))
        case "infrastructure_failure": self = .infrastructureFailure(reason: try c.decode(String.self, forKey: .reason))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown run outcome '\(kind)'")
        }
    }
}
