import Foundation

/// One section of a MAINTAINERS file: a subsystem, its people, lists and files.
public struct MaintainersSection: Sendable {
    /// The section title, e.g. `NETWORKING [TLS]`.
    public var name: String
    /// `M:` entries as written (`Name <email>`).
    public var maintainers: [String] = []
    /// `R:` entries as written.
    public var reviewers: [String] = []
    /// `L:` entries as written (`list@host (moderated for non-subscribers)`).
    public var lists: [String] = []
    /// `S:` status (`Maintained`, `Supported`, `Odd Fixes`, `Orphan`, ...).
    public var status: String?
    /// `K:` keywords (they match patch contents, not paths; kept for reference).
    public var keywords: [String] = []

    var files: [FilePattern] = []
    var excludes: [FilePattern] = []
    var regexes: [NSRegularExpression] = []

    /// `F:` patterns as written.
    public var filePatterns: [String] { files.map(\.text) }
    /// `X:` patterns as written.
    public var excludedPatterns: [String] { excludes.map(\.text) }

    public init(name: String) { self.name = name }

    /// How specifically the section covers `path`: nil when it does not (or an `X:` excludes
    /// it); otherwise the depth of the deepest `F:` match (0 for an `N:` regex match), as
    /// get_maintainer.pl ranks sections.
    public func depth(covering path: String) -> Int? { depth(covering: path, bytes: Array(path.utf8)) }

    func depth(covering path: String, bytes: [UInt8]) -> Int? {
        if excludes.contains(where: { $0.matches(bytes) }) { return nil }
        var best: Int? = nil
        for pattern in files where pattern.matches(bytes) {
            best = max(best ?? Int.min, pattern.depth)
        }
        if !regexes.isEmpty, best == nil || best! < 0 {
            let range = NSRange(path.startIndex..., in: path)
            if regexes.contains(where: { $0.firstMatch(in: path, range: range) != nil }) {
                best = max(best ?? Int.min, 0)
            }
        }
        return best
    }

    /// The role get_maintainer.pl gives the section's `M:` people, from its status.
    public var maintainerRole: String {
        switch status?.lowercased() {
        case "supported": "supporter"
        case "odd fixes": "odd fixer"
        case "orphan": "orphan minder"
        case "obsolete": "obsolete minder"
        case "buried alive in reporters": "chief penguin"
        default: "maintainer"
        }
    }

    /// True for the catch-all section whose maintainer is not mailed by default (`THE REST`,
    /// status `Buried alive in reporters`); its lists still are.
    public var isCatchAll: Bool { status?.lowercased() == "buried alive in reporters" }
}
