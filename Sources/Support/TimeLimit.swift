/// Time limits given in seconds (options and job files): what is accepted and how it becomes a
/// `Duration` without overflowing.
public enum TimeLimit {
    /// The longest limit accepted: 10 years, in seconds.
    public static let maximumSeconds: Double = 10 * 365 * 24 * 3600

    /// Why `seconds` is not a usable limit for the setting `name`, or nil when it is.
    public static func problem(_ name: String, _ seconds: Double) -> String? {
        guard seconds > 0 else { return "\(name) must be a positive number of seconds, not \(seconds)" }
        guard seconds <= maximumSeconds else {
            return "\(name) must be at most \(Int(maximumSeconds)) seconds (10 years), not \(seconds): "
                + "leave it out for no limit"
        }
        return nil
    }

    /// `seconds` as a Duration, clamped to 0...``maximumSeconds`` (NaN counts as 0).
    public static func duration(_ seconds: Double) -> Duration {
        let clamped = seconds.isNaN ? 0 : min(max(seconds, 0), maximumSeconds)
        return .milliseconds(Int64((clamped * 1000).rounded()))
    }
}
