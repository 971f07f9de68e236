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
    let log: @Sendable (BisectionEvent) -> Void

    /// - Throws: `CulpritError.badInput` when the settings are unusable.
    public init(
        config: BisectionConfig, builder: any Builder, tester: any Tester,
        log: @escaping @Sendable (BisectionEvent) -> Void
    ) throws {
        let problems = config.problems()
        guard problems.isEmpty else { throw CulpritError.badInput(problems.joined(separator: "; ")) }
        self.config = config
        self.builder = builder
        self.tester = tester
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

    /// The job's identifier: a digest of the repository, the revisions, the mode and the backend.
    static func jobID(gitDirectory: String, bad: String, good: String?, mode: BisectMode, backend: String) -> String {
        // FNV-1a, 64 bits, twice with different seeds: stable across runs and platforms.
        func fnv(_ text: String, _ seed: UInt64) -> UInt64 {
            var h = seed
            for b in text.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            return h
        }
        let text = [gitDirectory, bad, good ?? "-", mode.rawValue, backend].joined(separator: "\u{0}")
        return String(format: "%016llx%016llx", fnv(text, 0xcbf2_9ce4_8422_2325), fnv(text, 0x84222325cbf29ce4))
    }
}
