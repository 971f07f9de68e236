import Bisect
import Foundation
import JobPage
import Model

/// Writes a local job's self-contained HTML page (`--html FILE` of `jobs` and `demo`).
enum HTMLReport {
    static func write(_ job: LocalJob, to path: String) throws {
        let id = job.identity?.job.rawValue ?? (job.directory as NSString).lastPathComponent
        let report = JobReport(
            title: "Culprit job \(id.prefix(12))", state: job.state.rawValue, events: job.events, log: job.logLines)
        let html = try report.html()
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CulpritError.badInput("cannot write the HTML page to \(path): \(error.localizedDescription)")
        }
    }
}
