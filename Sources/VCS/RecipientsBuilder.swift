import Foundation
import Model

/// Collects people for ``Recipients``: one entry per address (case-insensitive), the first
/// reason first, in `to` when any reason puts them there.
struct RecipientsBuilder {
    /// Everyone so far, in order.
    private(set) var people: [Person] = []
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

    /// The same people with names and addresses replaced by `map` (nil keeps them); people
    /// who end up with one address are merged, keeping the first one's place.
    func remapped(_ map: (Person) -> (name: String?, email: String)?) -> RecipientsBuilder {
        var result = RecipientsBuilder()
        result.notes = notes
        for (person, to) in zip(people, inTo) {
            let target = map(person) ?? (person.name, person.email)
            for role in person.roles {
                result.add(name: target.name, email: target.email, role: role, to: to)
            }
        }
        return result
    }

    var recipients: Recipients {
        Recipients(
            to: zip(people, inTo).filter { $0.1 }.map(\.0), cc: zip(people, inTo).filter { !$0.1 }.map(\.0),
            notes: notes)
    }
}

extension Person {
    /// True for a mailing list (every reason is a list role).
    var isList: Bool { roles.allSatisfy { $0.hasPrefix("list") || $0.hasPrefix("moderated list") } }
}
