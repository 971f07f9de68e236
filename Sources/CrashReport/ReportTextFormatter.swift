/// Human-readable rendering of parse results (used by `culprit report parse`).
public enum ReportTextFormatter {
    public static func format(file: String, reports: [Report], showFile: Bool) -> String {
        var out: [String] = []
        let lead = showFile ? "\(file): " : ""
        if reports.isEmpty {
            out.append("\(lead)no crash report found")
            return out.joined(separator: "\n")
        }
        for (i, r) in reports.enumerated() {
            out.append(format(report: r, index: i, lead: lead))
        }
        return out.joined(separator: "\n")
    }

    /// One report: `crash` (or `crash #N` after the first), then its fields, indented.
    public static func format(report r: Report, index i: Int, lead: String = "") -> String {
        var out: [String] = []
        out.append("\(lead)\(i == 0 ? "crash" : "crash #\(i + 1)"): \(r.title)")
        out.append("  type: \(r.type.isEmpty ? "-" : r.type)")
        out.append("  corrupted: \(r.corrupted ? "yes (\(r.corruptedReason ?? "unknown reason"))" : "no")")
        if r.suppressed { out.append("  suppressed: yes") }
        out.append("  panicked: \(r.panicked ? "yes" : "no")")
        out.append("  guilty file: \(r.guiltyFile ?? "-")")
        out.append("  bytes: \(r.startOffset)..<\(r.endOffset)")
        if !r.frames.isEmpty {
            out.append("  frames:")
            for f in r.frames.prefix(12) {
                var s = "    \(f.function)"
                if let o = f.offset { s += "+\(o)" }
                if let file = f.file { s += " \(file)\(f.line.map { ":\($0)" } ?? "")" }
                if f.inline { s += " [inline]" }
                out.append(s)
            }
            if r.frames.count > 12 { out.append("    ... \(r.frames.count - 12) more") }
        }
        return out.joined(separator: "\n")
    }
}
