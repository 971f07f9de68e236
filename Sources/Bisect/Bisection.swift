import Build
import Foundation
import Instance
import Model
import Support
import VCS

/// A bisection job: confirms the crash on the bad revision, finds a good revision when none is
/// given (release tags), then bisects the range with ``BisectCore``, checking out, building and
/// testing revisions in the job's own worktree. Every build and run result is persisted in the
/// job's state directory as it is made; running the same job again resumes it.
public final class Bisection: Sendable {
    public let config: BisectionConfig
    let builder: any Builder
    let tester: any Tester
    let log: @Sendable (JobEvent) -> Void
    let openLog: @Sendable (JobIdentity, String) throws -> any JobLog

    /// - Parameters:
    ///   - jobLog: opens the job's durable log for a job identity and its state directory;
    ///     default: the JSON-lines journal in the state directory (``JobJournal``).
    ///   - log: receives every event of the job as it happens (log lines, builds, each run,
    ///     verdicts, progress, the result), after the job log has recorded it.
    /// - Throws: `CulpritError.badInput` when the settings are unusable.
    public init(
        config: BisectionConfig, builder: any Builder, tester: any Tester,
        jobLog: (@Sendable (JobIdentity, String) throws -> any JobLog)? = nil,
        log: @escaping @Sendable (JobEvent) -> Void
    ) throws {
        let problems = config.problems()
        guard problems.isEmpty else { throw CulpritError.badInput(problems.joined(separator: "; ")) }
        self.config = config
        self.builder = builder
        self.tester = tester
        self.openLog = jobLog ?? { identity, directory in try JobJournal(directory: directory, identity: identity) }
        self.log = log
    }

    /// Runs (or resumes) the job to its end.
    ///
    /// - Throws: `CulpritError` (.badInput for unknown revisions or a bad range, .infrastructure
    ///   when git, the builder or the tester cannot work, .cancelled when the task is cancelled:
    ///   what was recorded stays, and running again resumes).
    public func run() async throws -> BisectionResult {
        var session = try await BisectionSession.open(self)
        return try await session.run()
    }

    /// The error of an interrupted bisection (it says how to resume).
    public static var interrupted: CulpritError { BisectionSession.interrupted }

    /// The releases a walk back from the bad revision would test (`kept`) and those at or below
    /// the release cutoff (`tooOld`), as the driver splits them.
    public static func splitAtCutoff(_ releases: [ReleaseTag], _ cutoff: BisectionConfig.ReleaseCutoff?) -> (
        kept: [ReleaseTag], tooOld: [ReleaseTag]
    ) {
        BisectionSession.splitAtCutoff(releases, cutoff)
    }
}
