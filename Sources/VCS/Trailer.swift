import Foundation

/// One `Key: value` line of a commit message's trailer block.
public struct Trailer: Sendable, Hashable, Codable {
    /// The key as written, e.g. `Signed-off-by`.
    public var key: String
    /// Everything after the colon, trimmed, e.g. `Jane Doe <jane@example.org>`.
    public var value: String
    /// The person's name when the value is an address (`Jane Doe`).
    public var name: String?
    /// The address when the value contains one (`jane@example.org`).
    public var email: String?

    /// A trailer; `name` and `email` are parsed from `value` when it holds an address.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
        let address = Trailer.parseAddress(value)
        self.name = address?.name
        self.email = address?.email
    }

    /// Parses `Name <email> # comment`, `<email>`, `email` or `"Name" <email>`; nil without an address.
    static func parseAddress(_ text: String) -> (name: String?, email: String)? {
        var value = Substring(text)
        if let open = value.firstIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            let email = value[value.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            guard email.contains("@"), !email.contains(" ") else { return nil }
            var name = value[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            }
            return (name.isEmpty ? nil : name, email)
        }
        if let hash = value.firstIndex(of: "#") { value = value[..<hash] }
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 1, let word = words.first, word.contains("@"), !word.hasPrefix("@"), !word.hasSuffix("@")
        else { return nil }
        return (nil, String(word))
    }
}
