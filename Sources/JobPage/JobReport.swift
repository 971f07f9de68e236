import Foundation
import Model

/// What a job's HTML page shows, gathered from the job's event stream, its log and its result:
/// the revisions tested in order, the posterior over time, the log, the crash report and who to
/// notify. A plain value the template renders.
public struct JobReport: Sendable {
    /// One revision on the timeline.
    public struct Revision: Sendable, Hashable {
        public var commit: String
        public var reason: String
        public var build: String
        public var runs: Int
        public var crashes: Int
        public var verdict: String
        public var probability: Double?
    }

    public var title: String
    public var state: String
    public var timeline: [Revision]
    public var chart: PosteriorChart
    public var log: [String]
    public var result: BisectionResult?

    /// - Parameters:
    ///   - events: the job's events in order (its journal).
    ///   - log: the job's log lines (`log.txt`); the `Bisecting:` lines give the chart's points.
    public init(title: String, state: String, events: [JobEvent], log: [String]) {
        self.title = title
        self.state = state
        self.log = log
        var revisions: [Revision] = []
        var result: BisectionResult?
        for event in events {
            switch event {
            case .revisionChosen(let commit, _, let reason):
                revisions.append(
                    Revision(commit: commit, reason: reason, build: "", runs: 0, crashes: 0, verdict: "", probability: nil))
            case .buildFinished(let commit, let build):
                if let i = revisions.lastIndex(where: { $0.commit == commit }) {
                    revisions[i].build = build.status == .built ? "built in \(Self.seconds(build.seconds))" : "failed"
                }
            case .runFinished(let commit, let run):
                if let i = revisions.lastIndex(where: { $0.commit == commit }) {
                    revisions[i].runs += 1
                    if case .crashed = run.outcome { revisions[i].crashes += 1 }
                }
            case .verdict(let commit, let verdict, let probability):
                if let i = revisions.lastIndex(where: { $0.commit == commit }) {
                    revisions[i].verdict = verdict.rawValue
                    revisions[i].probability = probability
                }
            case .result(let r): result = r
            default: break
            }
        }
        timeline = revisions
        self.result = result
        chart = PosteriorChart(points: log.compactMap(PosteriorChart.Point.init(bisectingLine:)))
    }

    static func seconds(_ s: Double) -> String { String(format: "%.1fs", s) }
}
