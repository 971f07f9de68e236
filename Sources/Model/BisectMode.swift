/// What a bisection looks for.
public enum BisectMode: String, Codable, Sendable, CaseIterable {
    /// The first commit with the crash (the bad revision has it, the good one does not).
    case cause
    /// The first commit without the crash (the bad revision has it, the newer good one does not).
    case fix
}
