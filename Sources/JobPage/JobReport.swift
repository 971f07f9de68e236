import Foundation
import Model

/// What a job's page shows, gathered from the job's event stream, its log and its result: the
/// revisions tested in order, the posterior after each test, the log, the crash report and who to
/// notify. One plain value for both pages that show a job: the self-contained page of a local job
/// (`--html`) and the service dashboard's job page, which adds what the store knows
/// (``Service``). The templates in this module render it (``PageTemplates``).
public struct JobReport: Sendable {
    /// One revision on the timeline: every test of it folded into one row, with its last verdict.
    public struct Revision: Sendable, Hashable {
        public var commit: String
        /// Why the driver chose it (its first choice).
        public var reason: String
        /// `built in 2.0s`, `failed`, or empty when no build was recorded.
        public var build: String
        public var runs: Int
        public var crashes: Int
        /// `bad`, `good`, `skip`, `undecided`, `build failed`, or `tested` before any verdict.
        public var verdict: String
        /// The verdict's probability, when the strategy gives one.
        public var probability: Double?
    }

    /// What the service's store adds to a job's page.
    public struct Service: Sendable {
        public struct Artifact: Sendable, Hashable {
            public var name: String
            public var size: Int
            public init(name: String, size: Int) {
                self.name = name
                self.size = size
            }
        }

        public var id: String
        public var repository: String
        public var attempts: Int
        /// The worker holding the job now.
        public var worker: String?
        /// "4 min ago".
        public var submitted: String
        public var error: String?
        /// The job spec as submitted.
        public var spec: String
        public var artifacts: [Artifact]
        /// The email a maintainer would get (the report template's text).
        public var email: String?
        /// The last event shown (the live page continues after it).
        public var lastEventID: Int64

        public init(
            id: String, repository: String, attempts: Int, worker: String?, submitted: String, error: String?,
            spec: String, artifacts: [Artifact], email: String?, lastEventID: Int64
        ) {
            self.id = id
            self.repository = repository
            self.attempts = attempts
            self.worker = worker
            self.submitted = submitted
            self.error = error
            self.spec = spec
            self.artifacts = artifacts
            self.email = email
            self.lastEventID = lastEventID
        }
    }

    public var title: String
    public var state: String
    /// The bad and good revisions as the job started (full hashes), when its start was recorded.
    public var bad: String?
    public var good: String?
    /// The crash title known before a result (e.g. the one the service job was submitted with).
    public var crashTitle: String?
    public var timeline: [Revision]
    public var chart: PosteriorChart
    public var log: [String]
    public var result: BisectionResult?
    /// The crash report shown (the result's, unless a stored artifact gives the full one).
    public var crashReport: String?
    /// The latest progress line of a running job.
    public var progress: String?
    /// Set on the service's pages; nil on a self-contained page.
    public var service: Service?

    /// - Parameters:
    ///   - events: the job's events in order (its journal, or the store's events decoded).
    ///   - log: the job's log lines; when no `progress` event was kept (a journal keeps none),
    ///     its `Bisecting:` lines give the chart's points.
    public init(title: String, state: String, events: [JobEvent], log: [String]) {
        self.title = title
        self.state = state
        self.log = log
        var order: [String] = []
        var rows: [String: Revision] = [:]
        var points: [PosteriorChart.Point] = []
        var progress: BisectionProgress?
        func touch(_ commit: String, reason: String = "") {
            if rows[commit] == nil {
                order.append(commit)
                rows[commit] = Revision(
                    commit: commit, reason: reason, build: "", runs: 0, crashes: 0, verdict: "tested", probability: nil)
            }
        }
        for event in events {
            switch event {
            case .jobStarted(let started):
                bad = started.bad
                good = started.good
            case .revisionChosen(let commit, _, let reason):
                touch(commit, reason: reason)
            case .buildFinished(let commit, let build):
                touch(commit)
                rows[commit]?.build = build.status == .built ? String(format: "built in %.1fs", build.seconds) : "failed"
                if build.status != .built { rows[commit]?.verdict = "build failed" }
            case .runFinished(let commit, let run):
                touch(commit)
                rows[commit]?.runs += 1
                if case .crashed = run.outcome { rows[commit]?.crashes += 1 }
            case .verdict(let commit, let verdict, let probability):
                touch(commit)
                rows[commit]?.verdict = verdict.rawValue
                rows[commit]?.probability = probability
            case .progress(let p):
                progress = p
                if let point = PosteriorChart.Point(progress: p) { points.append(point) }
            case .result(let r): result = r
            default: break
            }
        }
        timeline = order.compactMap { rows[$0] }
        if points.isEmpty { points = log.compactMap(PosteriorChart.Point.init(bisectingLine:)) }
        chart = PosteriorChart(points: points)
        crashReport = result?.crash?.report
        self.progress = state == "running" ? progress.map(Self.summary) : nil
    }

    /// "bisecting: 5 revisions, 5 builds, 40 runs; 12 candidates, best 40%".
    static func summary(_ p: BisectionProgress) -> String {
        "\(p.phase.rawValue): \(p.revisionsTested) revisions, \(p.builds) builds, \(p.runs) runs; "
            + "\(p.candidatesLeft) candidates, best \(Int((100 * p.bestProbability).rounded()))%"
    }
}
