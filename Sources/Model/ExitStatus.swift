/// Culprit's documented exit statuses (README, "Exit codes").
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// The job succeeded; for a bisection, a single culprit was found at the target confidence.
    case success = 0
    /// The bisection ended without a single culprit (budget spent, or skips left a range).
    case inconclusive = 1
    /// The crash did not reproduce on the starting revision.
    case notReproducible = 2
    /// The input is unusable (bad option, unknown revision, missing file). Same value as
    /// swift-argument-parser's validation failure.
    case badInput = 64
    /// Infrastructure failed (git, compiler, QEMU, disk).
    case infrastructure = 69

    /// The status for an error that ended a command.
    public init(for error: CulpritError) {
        switch error.code {
        case .badInput, .notFound, .conflict: self = .badInput
        default: self = .infrastructure
        }
    }
}
