import Foundation

/// Someone to notify: a person or a mailing list, with why they are on the list.
public struct Person: Sendable, Hashable, Codable {
    /// Display name, when known.
    public var name: String?
    /// The address.
    public var email: String
    /// Why: `author`, `signed-off-by`, `maintainer:NETWORKING [GENERAL]`,
    /// `reviewer:...`, `list:...` (one entry per reason, first reason first).
    public var roles: [String]

    public init(name: String?, email: String, roles: [String]) {
        self.name = name
        self.email = email
        self.roles = roles
    }

    /// `Name <email>`, or the bare address without a name.
    public var formatted: String {
        guard let name, !name.isEmpty else { return email }
        let needsQuotes = name.contains { ",.;:<>@\"()[]\\".contains($0) }
        let shown = needsQuotes ? "\"" + name.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : name
        return "\(shown) <\(email)>"
    }
}
