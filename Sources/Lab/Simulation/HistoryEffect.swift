/// A way real history breaks the engine's simple assumptions, planted in a synthetic history.
public enum HistoryEffect: String, Sendable, CaseIterable, Codable {
    /// None: one title set, one crash probability, rare unrelated crashes.
    case none
    /// A function is renamed halfway from the culprit to the top: older buggy revisions print
    /// other titles, whose reports share stack frames and the guilty file with the new ones.
    case titleDrift = "title-drift"
    /// The same rename, but the older reports share no frame and no file with the new ones
    /// (only the crash kind).
    case titleDriftUnshared = "title-drift-unshared"
    /// The older half of the buggy stretch (culprit to halfway to the top) reproduces 4x less often.
    case reproducibilityDrift = "repro-drift"
    /// A second bug crashes on half of the runs on a stretch of 20-60 commits before the culprit.
    case secondBug = "second-bug"

    /// The effects `culprit simulate` measures besides `none` by default.
    public static let planted: [HistoryEffect] = [.titleDrift, .titleDriftUnshared, .reproducibilityDrift, .secondBug]
}
