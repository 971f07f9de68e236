/// A release tag: `vX.Y`, `vX.Y-rcN` or `vX.Y.Z` (a stable update).
///
/// Ordered by version: `v4.19-rc1 < v4.19-rc8 < v4.19 < v4.19.1 < v4.20-rc1`.
public struct ReleaseTag: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The tag name, e.g. `v5.2`.
    public var name: String
    public var major: Int
    public var minor: Int
    /// The stable update number of `vX.Y.Z`.
    public var patch: Int?
    /// The release-candidate number of `vX.Y-rcN`.
    public var rc: Int?
    /// The commit the tag points to (peeled).
    public var commit: String

    /// Parses `name`; nil when it is not a release tag of the forms above.
    public init?(name: String, commit: String) {
        guard name.hasPrefix("v") else { return nil }
        var rest = Substring(name.dropFirst())
        var rc: Int? = nil
        if let dash = rest.firstIndex(of: "-") {
            let suffix = rest[rest.index(after: dash)...]
            guard suffix.hasPrefix("rc"), let n = ReleaseTag.number(suffix.dropFirst(2)) else { return nil }
            rc = n
            rest = rest[..<dash]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 3 && rc == nil) else { return nil }
        guard let major = ReleaseTag.number(parts[0]), let minor = ReleaseTag.number(parts[1]) else { return nil }
        var patch: Int? = nil
        if parts.count == 3 {
            guard let p = ReleaseTag.number(parts[2]) else { return nil }
            patch = p
        }
        self.name = name
        self.major = major
        self.minor = minor
        self.patch = patch
        self.rc = rc
        self.commit = commit
    }

    /// A release `vX.Y` (neither a release candidate nor a stable update).
    public var isMainline: Bool { patch == nil && rc == nil }
    /// A release candidate `vX.Y-rcN`.
    public var isReleaseCandidate: Bool { rc != nil }
    /// A stable update `vX.Y.Z`.
    public var isStable: Bool { patch != nil }

    public var description: String { name }

    public static func < (a: ReleaseTag, b: ReleaseTag) -> Bool {
        (a.major, a.minor, a.patch ?? 0, a.rc ?? Int.max, a.name) < (
            b.major, b.minor, b.patch ?? 0, b.rc ?? Int.max, b.name
        )
    }

    /// A decimal number without sign or leading zeros beyond `0` itself.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }),
            text == "0" || !text.hasPrefix("0")
        else { return nil }
        return Int(text)
    }
}
