/// Who to notify about a commit, split the way kernel mail is addressed.
///
/// `to`: the commit's author and the maintainers (`M:`) of the files it changes.
/// `cc`: the reviewers (`R:`) and mailing lists (`L:`) of those files, and the people named in
/// the commit's trailers (`Signed-off-by`, `Reviewed-by`, `Acked-by`, `Tested-by`,
/// `Reported-by`, `Co-developed-by`). Everyone appears once, under the first reason found.
public struct Recipients: Sendable, Hashable, Codable {
    public var to: [Person]
    public var cc: [Person]
    /// Remarks on how the list was made (e.g. no MAINTAINERS file, so trailers only).
    public var notes: [String]

    public init(to: [Person] = [], cc: [Person] = [], notes: [String] = []) {
        self.to = to
        self.cc = cc
        self.notes = notes
    }

    /// Every address, `to` first, in order.
    public var all: [Person] { to + cc }

    /// All addresses sorted, like the `cc: [...]` line of a syzbot bisection log.
    public var sortedEmails: [String] { all.map(\.email).sorted() }
}
