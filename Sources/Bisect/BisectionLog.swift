import Foundation
import Instance
import Model
import VCS

/// Formatting of the log lines in the seeds' format (syzbot bisection logs).
public enum BisectionLog {
    /// `5h31m48.9s`, `3m2.0s`, `12.3s`.
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, seconds)
        let h = Int(s / 3600)
        let m = Int(s.truncatingRemainder(dividingBy: 3600) / 60)
        let rest = s - Double(h * 3600 + m * 60)
        if h > 0 { return String(format: "%dh%dm%.1fs", h, m, rest) }
        if m > 0 { return String(format: "%dm%.1fs", m, rest) }
        return String(format: "%.1fs", rest)
    }

    /// `all runs: OK` when every run showed the same, else one `run #i: ...` line per run.
    public static func runLines(_ results: [RunResult]) -> [String] {
        guard let first = results.first else { return [] }
        if results.count > 1 && results.allSatisfy({ $0.outcome.description == first.outcome.description }) {
            return ["all runs: \(first.outcome.description)"]
        }
        return results.map { "run #\($0.index): \($0.outcome.description)" }
    }

    /// `cc: ["a@x" "b@y"]`, addresses sorted.
    public static func cc(_ recipients: Recipients) -> String {
        "cc: [" + recipients.sortedEmails.map { "\"\($0)\"" }.joined(separator: " ") + "]"
    }

    static func percent(_ p: Double) -> String { String(format: "%.1f%%", 100 * p) }
}
