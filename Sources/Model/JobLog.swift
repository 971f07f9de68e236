/// The durable record of one job: the events that make it resumable, kept so that re-running the
/// job after a crash, `kill -9` or a move to another machine redoes nothing recorded.
///
/// The driver calls ``record(_:)`` with every event of the job's stream, in order; it returns only
/// once the event is safe (on disk, committed). An implementation may leave out events it does not
/// need (``JobEvent/isNeededToResume``): log lines and progress are rebuilt on resume. Implementations:
/// the JSON-lines journal in the job's state directory (`JobJournal`), a database's job events.
public protocol JobLog: AnyObject, Sendable {
    /// The job this log belongs to.
    var identity: JobIdentity { get }
    /// Every event recorded so far, in the order recorded (events of earlier attempts included).
    var events: [JobEvent] { get }
    /// Records `event` durably.
    /// - Throws: `CulpritError.infrastructure` when it cannot be recorded (the job stops: a result
    ///   that cannot be kept is not worth making).
    func record(_ event: JobEvent) throws
}

extension JobEvent {
    /// Whether a resumed job needs this event: builds, runs and test calls (the evidence), and the
    /// job's start, phases, choices, verdicts and result (its history). Not log lines or progress.
    public var isNeededToResume: Bool {
        switch self {
        case .line, .progress: false
        default: true
        }
    }
}

extension JobLog {
    /// The last build result recorded for `commit`.
    public func build(of commit: String) -> BuildResult? {
        for e in events.reversed() {
            if case .buildFinished(commit, let result) = e { return result }
        }
        return nil
    }

    /// Every build recorded, in order.
    public var builds: [(commit: String, result: BuildResult)] {
        events.compactMap { e in
            if case .buildFinished(let commit, let result) = e { return (commit, result) }
            return nil
        }
    }

    /// Number of builds recorded for `commit`.
    public func buildCount(of commit: String) -> Int {
        builds.filter { $0.commit == commit }.count
    }

    /// Every run recorded, in order.
    public var runs: [(commit: String, run: RunResult)] {
        events.compactMap { e in
            if case .runFinished(let commit, let run) = e { return (commit, run) }
            return nil
        }
    }

    /// Every run recorded for `commit`, in the order they ended.
    public func runs(of commit: String) -> [RunResult] {
        runs.filter { $0.commit == commit }.map(\.run)
    }

    /// Every call of the tester that ended, in order.
    public var testCalls: [(commit: String, runs: Int, seconds: Double)] {
        events.compactMap { e in
            if case .testFinished(let commit, let runs, let seconds) = e { return (commit, runs, seconds) }
            return nil
        }
    }

    /// Distinct revisions with at least one run recorded.
    public var revisionsTested: Int { Set(runs.map(\.commit)).count }
    /// Wall-clock seconds of the builds recorded.
    public var buildSeconds: Double { builds.reduce(0) { $0 + $1.result.seconds } }
    /// Wall-clock seconds of the test calls recorded.
    public var testSeconds: Double { testCalls.reduce(0) { $0 + $1.seconds } }
}
