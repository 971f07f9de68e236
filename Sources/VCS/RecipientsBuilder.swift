import Foundation

/// Collects people for ``Recipients``: one entry per address (case-insensitive), the first
/// reason first, in `to` when any reason puts them there.
struct RecipientsBuilder {
    private var people: [Person] = []
    private var inTo: [Bool] = []
    private var index: [String: Int] = [:]
    var notes: [String] = []

    /// Adds `email` for `role`; `to` says whether that role is addressed directly.
    mutating func add(name: String?, email: String, role: String, to: Bool) {
        let email = email.trimmingCharacters(in: .whitespaces)
        guard email.contains("@") else { return }
        let key = email.lowercased()
        if let i = index[key] {
            if !people[i].roles.contains(role) { people[i].roles.append(role) }
            if people[i].name == nil { people[i].name = name }
            inTo[i] = inTo[i] || to
            return
        }
        index[key] = people.count
        people.append(Person(name: name, email: email, roles: [role]))
        inTo.append(to)
    }

    /// Adds an address written as `Name <email>`, `<email>` or `email (comment)`.
    mutating func add(address: String, role: String, to: Bool) {
        guard
            let parsed = Trailer.parseAddress(address)
                ?? Trailer.parseAddress(String(address.split(separator: " ").first ?? ""))
        else { return }
        add(name: parsed.name, email: parsed.email, role: role, to: to)
    }

    var recipients: Recipients {
        Recipients(
            to: zip(people, inTo).filter { $0.1 }.map(\.0), cc: zip(people, inTo).filter { !$0.1 }.map(\.0),
            notes: notes)
    }
}
