/// How a bisection chooses revisions and decides.
public enum Strategy: String, Codable, Sendable, CaseIterable {
    /// Posterior over culprits, crash probability learned, runs chosen by information per cost.
    case bayes
    /// Today's syzkaller rule: git-bisect midpoints; 20 runs on the start commit, 10 per revision
    /// (20 once the reproducer looked flaky); bad on enough crashes, good on enough clean runs,
    /// else skip; transient crash types ignored.
    case syzkaller
    /// The rule of syzbot's 2019 logs: git-bisect midpoints, 10 runs, any crash = bad, broken = skip.
    case syzbot2019 = "syzbot-2019"

    /// The old name of ``syzbot2019``.
    @available(*, deprecated, renamed: "syzbot2019")
    public static var syzbot: Strategy { .syzbot2019 }

    /// Names accepted for a strategy, the deprecated alias `syzbot` (the 2019 rule) included.
    public static let acceptedNames = allCases.map(\.rawValue) + ["syzbot"]

    /// The strategy called `name` (its raw value, or the deprecated alias `syzbot`).
    public init?(name: String) {
        if name == "syzbot" {
            self = .syzbot2019
        } else if let s = Strategy(rawValue: name) {
            self = s
        } else {
            return nil
        }
    }

    /// Reads the raw value, or `syzbot` as written by earlier versions (the 2019 rule).
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let s = Strategy(name: name) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown strategy '\(name)': use one of \(Self.acceptedNames)"))
        }
        self = s
    }

    /// Whether the strategy is a git-bisect rule (a verdict per revision, no probabilities).
    public var isGitBisectRule: Bool { self != .bayes }
}
