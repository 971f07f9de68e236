/// Culprit's version, printed by `culprit --version`.
public enum Version {
    public static let current = "0.1.0"
}
