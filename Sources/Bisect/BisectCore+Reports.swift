import BisectCore
import CrashReport
import Model

extension BisectCore {
    /// Tells the engine what the reports of crash titles not seen before show (crash kind, the
    /// top of the stack, the guilty file), for its prior that another title is the bug under
    /// another name. Call it before recording the outcomes.
    public mutating func noteReports(_ outcomes: [RunOutcome]) {
        for case .crashed(let title, let text?) in outcomes where sketches[title] == nil {
            let reports = ReportParser().parse(text)
            guard let report = reports.first(where: { $0.title == title }) ?? reports.first else { continue }
            noteSketch(CrashSketch(report: report, title: title), for: title)
        }
    }
}

extension CrashSketch {
    /// Functions every program's stack shows; they say nothing about which bug it is.
    static let commonFrames: Set<String> = [
        "main", "_start", "__libc_start_main", "__libc_start_main_impl", "__libc_start_call_main",
    ]

    /// The sketch of a parsed report: the kind from its title, the top of its stack, its guilty file.
    public init(report: Report, title: String) {
        let fromTitle = CrashSketch(title: title)
        let frames = report.frames.map(\.function).filter { !Self.commonFrames.contains($0) }
        var unique: [String] = []
        for f in frames where !unique.contains(f) && unique.count < 6 { unique.append(f) }
        self.init(kind: fromTitle.kind, frames: unique.isEmpty ? fromTitle.frames : unique, file: report.guiltyFile)
    }
}
