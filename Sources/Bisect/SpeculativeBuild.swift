import Model

/// A build started in the spare work tree while another revision is tested: the revision the
/// engine expects to test next (issue 14, "many slots"). Used when that revision is tested next,
/// otherwise cancelled (its process group killed) and counted as wasted.
struct SpeculativeBuild: Sendable {
    /// The revision being built.
    let commit: String
    /// The revision under test when the build started.
    let during: String
    /// The build; throws when cancelled before it ended.
    let task: Task<BuildResult, any Error>
    let started: ContinuousClock.Instant
}
