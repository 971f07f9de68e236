import Foundation
import Model

/// What a job is doing right now, kept up to date from its event stream: the state a live
/// display draws (phase, revision, build, runs done and crashed with their titles, times, the
/// best candidate). Pure: events and clock readings in, text out, so a scripted event sequence
/// renders the same every time.
public struct StatusBoard: Sendable {
    /// The build under way.
    public struct Build: Sendable {
        public var commit: String
        public var started: Double
        /// Objects compiled so far (kernel builds), and in the last build of the same tree.
        public var objects: Int?
        public var lastObjects: Int?
    }

    public private(set) var phase: BisectionProgress.Phase?
    public private(set) var started: Double?
    public private(set) var revision: String?
    public private(set) var reason: String?
    public private(set) var runsPlanned = 0
    public private(set) var runsDone = 0
    /// Crash titles seen on the current revision, with counts, in the order first seen.
    public private(set) var crashes: [(title: String, count: Int)] = []
    public private(set) var build: Build?
    /// When the current revision was chosen, while it is being checked out (no build or run yet).
    public private(set) var preparingSince: Double?
    public private(set) var progress: BisectionProgress?
    private var progressAt: Double = 0
    /// Where the job keeps its state (build logs are read from there for a build's progress).
    public private(set) var stateDirectory: String?
    /// Objects compiled by the last kernel build that finished (the yardstick for the next one).
    public private(set) var lastBuildObjects: Int?
    private var lastBuildCommit: String?
    /// Set after a test call ends: its per-run lines were already shown as each run ended.
    private var skippingBatchLines = false
    public private(set) var finished = false

    public init() {}

    /// Takes `event` (at clock reading `now`, in seconds) and returns the log lines to print for it:
    /// log lines as they are, a `run #i: ...` line as each run ends (the batch's summary lines that
    /// follow a test call are left out: they were shown run by run).
    public mutating func apply(_ event: JobEvent, at now: Double) -> [String] {
        switch event {
        case .jobStarted(let s):
            started = started ?? now
            stateDirectory = s.stateDirectory ?? stateDirectory
        case .phaseChanged(let p):
            phase = p
        case .revisionChosen(let commit, let runs, let reason):
            revision = commit
            self.reason = reason
            runsPlanned = runs
            runsDone = 0
            crashes = []
            build = nil
            preparingSince = now
        case .buildStarted(let commit):
            preparingSince = nil
            build = Build(commit: commit, started: now, objects: nil, lastObjects: lastBuildObjects)
        case .buildFinished(let commit, let result):
            preparingSince = nil
            if let objects = build?.objects, result.status == .built {
                lastBuildObjects = objects
                lastBuildCommit = commit
            }
            build = nil
        case .runFinished(_, let run):
            preparingSince = nil
            runsDone += 1
            if case .crashed(let title, _) = run.outcome {
                if let i = crashes.firstIndex(where: { $0.title == title }) {
                    crashes[i].count += 1
                } else {
                    crashes.append((title, 1))
                }
            }
            return ["run #\(run.index): \(run.outcome.description)"]
        case .testFinished:
            preparingSince = nil
            skippingBatchLines = true
        case .verdict:
            break
        case .progress(let p):
            progress = p
            progressAt = now
        case .line(let text):
            if skippingBatchLines && (text.hasPrefix("run #") || text.hasPrefix("all runs: ")) { return [] }
            skippingBatchLines = false
            return [text]
        case .result:
            finished = true
            build = nil
        }
        return []
    }

    /// Records the objects compiled so far by the build under way.
    public mutating func setBuildObjects(_ objects: Int) {
        build?.objects = objects
    }

    /// The status area at clock reading `now`: a few lines, each at most `width` characters.
    public func lines(now: Double, width: Int) -> [String] {
        guard let started, !finished else { return [] }
        var head = "── \(phase?.rawValue ?? "starting") · \(Self.clock(now - started)) elapsed"
        if let p = progress, let secs = p.estimatedSecondsLeft, secs > 0 {
            let left = max(secs - (now - progressAt), 0)
            head += " · about \(Self.clock(left)) left"
            if let t = p.estimatedTestsLeft { head += " (~\(t) test\(t == 1 ? "" : "s"))" }
        }
        var out = [head + " ──"]
        if let revision {
            out.append("  revision  \(revision.prefix(12))" + (reason.map { " (\($0))" } ?? ""))
        }
        if let build {
            var text = "  build     \(build.commit.prefix(12)) building, \(Self.clock(now - build.started))"
            if let objects = build.objects {
                text += ", \(objects) objects compiled"
                if let last = build.lastObjects, last > 0 {
                    text += " (last build of this tree: \(last), \(min(100, 100 * objects / last))%)"
                }
            }
            out.append(text)
        } else if let since = preparingSince, let revision {
            out.append("  preparing \(revision.prefix(12)): checking out, then building or testing, \(Self.clock(now - since))")
        } else if revision != nil {
            var text = "  runs      \(runsDone)/\(runsPlanned) done"
            let crashed = crashes.reduce(0) { $0 + $1.count }
            text += ", \(crashed) crashed"
            if !crashes.isEmpty {
                text += ": " + crashes.map { "\($0.title) (\($0.count))" }.joined(separator: ", ")
            }
            out.append(text)
        }
        if let p = progress, let best = p.bestCandidate {
            let n = p.candidatesLeft
            out.append(
                "  best      \(best.prefix(12)) at \(BisectionLog.percent(p.bestProbability)), "
                    + "\(n) candidate\(n == 1 ? "" : "s") left")
        }
        return out.map { Self.fit($0, width) }
    }

    /// `1h02m03s`, `2m05s`, `7s`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(max(seconds, 0).rounded())
        if s >= 3600 { return String(format: "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }

    /// `text` cut to `width` characters (a cut line ends with `…`): a wrapped line would break the
    /// redraw, which moves up by the number of lines drawn.
    static func fit(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(1, width - 1))) + "…"
    }
}
