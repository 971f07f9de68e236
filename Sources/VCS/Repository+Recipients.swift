import Foundation
import Model
import Support

extension Repository {
    /// Trailer keys whose people are notified (case-insensitive). Plain `Cc:` lines are not:
    /// they were copied on the patch, not involved in it.
    public static let notifiedTrailers = [
        "Signed-off-by", "Reviewed-by", "Acked-by", "Tested-by", "Reported-by", "Co-developed-by",
    ]

    /// Addresses never notified: the stable team gets fixes through its own process.
    public static let excludedAddresses: Set<String> = ["stable@vger.kernel.org", "stable@kernel.org"]

    /// Who to notify about `commit`.
    ///
    /// `to`: the author, then the maintainers (`M:`) of the sections covering the changed files.
    /// `cc`: the people in the notified trailers, the sections' reviewers (`R:`) and open or
    /// moderated lists (`L:`). Sections are taken per file, most specific first, from the
    /// MAINTAINERS file of the commit itself; the catch-all section's maintainer (status
    /// `Buried alive in reporters`) and subscribers-only lists are left out, as
    /// get_maintainer.pl does by default. Without a MAINTAINERS file the result holds the
    /// commit's people only, with a note saying so. Old addresses are replaced by current ones
    /// through `.mailmap` (HEAD's), so a dead address from years ago is not mailed.
    public func recipients(for commit: String) async throws -> Recipients {
        let c = try await self.commit(commit)
        var builder = RecipientsBuilder()
        builder.add(name: c.authorName, email: c.authorEmail, role: "author", to: true)
        for trailer in c.trailers {
            guard let email = trailer.email,
                let key = Repository.notifiedTrailers.first(where: {
                    $0.caseInsensitiveCompare(trailer.key) == .orderedSame
                })
            else { continue }
            if Repository.excludedAddresses.contains(email.lowercased()) { continue }
            builder.add(name: trailer.name, email: email, role: key.lowercased(), to: false)
        }
        if let maintainers = try await maintainersFile(at: c.hash) {
            builder.notes += maintainers.problems
            for file in c.files {
                for (section, _) in maintainers.sections(covering: file) {
                    Repository.addSection(section, to: &builder)
                }
            }
            if c.isMerge {
                builder.notes.append(
                    "\(c.hash.prefix(12)) is a merge: MAINTAINERS matched the files it changes against its first parent."
                )
            }
        } else {
            builder.notes.append(
                "no MAINTAINERS file in \(c.hash.prefix(12)): recipients are the author and the commit's trailers only."
            )
        }
        return try await mailmapped(builder).recipients
    }

    /// The people of `builder` (lists aside) under their current names and addresses, from the
    /// `.mailmap` of HEAD (the newest the user has) and of the checkout; people who end up
    /// with the same address are merged.
    func mailmapped(_ builder: RecipientsBuilder) async throws -> RecipientsBuilder {
        let people = builder.people.filter { !$0.isList }
        guard !people.isEmpty else { return builder }
        let contacts = people.map { person in
            (person.name.map { $0.replacingOccurrences(of: "<", with: "") + " " } ?? "") + "<\(person.email)>"
        }
        var arguments = ["check-mailmap", "--stdin"]
        if let head = try? await resolve("HEAD") { arguments = ["-c", "mailmap.blob=\(head):.mailmap"] + arguments }
        let result = try await git.run(arguments, input: Array((contacts.joined(separator: "\n") + "\n").utf8))
        let lines = result.outputText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard result.succeeded, lines.count == people.count else { return builder }
        var map: [String: (name: String?, email: String)] = [:]
        for (person, line) in zip(people, lines) {
            if let mapped = Trailer.parseAddress(String(line)) {
                map[person.email.lowercased()] = (mapped.name ?? person.name, mapped.email)
            }
        }
        return builder.remapped { map[$0.email.lowercased()] }
    }

    /// The MAINTAINERS file of `commit`, nil when it has none.
    public func maintainersFile(at commit: String) async throws -> MaintainersFile? {
        let hash = try await resolve(commit)
        let result = try await git.run(["cat-file", "blob", hash + ":MAINTAINERS"])
        guard result.succeeded else {
            let check = try await git.run(["cat-file", "-e", hash + ":MAINTAINERS"])
            if check.succeeded { throw git.failure(result) }
            return nil
        }
        return MaintainersFile(text: result.outputText)
    }

    private static func addSection(_ section: MaintainersSection, to builder: inout RecipientsBuilder) {
        if !section.isCatchAll {
            for m in section.maintainers {
                builder.add(address: m, role: "\(section.maintainerRole):\(section.name)", to: true)
            }
        }
        for r in section.reviewers {
            builder.add(address: r, role: "reviewer:\(section.name)", to: false)
        }
        for l in section.lists {
            // `list@host (remark)`, or now and then `Display Name <list@host>`.
            let words = l.split(separator: " ", maxSplits: 1)
            guard let first = words.first else { continue }
            let address = l.contains("<") ? Trailer.parseAddress(l)?.email ?? String(first) : String(first)
            let remark = l.lowercased()
            if remark.contains("subscribers-only") { continue }
            let kind = remark.contains("moderated") ? "moderated list" : "list"
            let name = section.isCatchAll ? "" : ":" + section.name
            builder.add(name: nil, email: address, role: kind + name, to: false)
        }
    }
}
