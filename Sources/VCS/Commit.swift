import Foundation

/// One commit's metadata: who wrote it, when, what it says and which files it changes.
public struct Commit: Sendable, Hashable, Codable {
    /// Full hash.
    public var hash: String
    /// The subject line.
    public var title: String
    public var authorName: String
    public var authorEmail: String
    public var authorDate: Date
    public var committerDate: Date
    /// Parent hashes, first parent first.
    public var parents: [String]
    /// The message after the subject line (trailers included).
    public var body: String
    /// Paths the commit changes, relative to the top level (against the first parent for a merge).
    public var files: [String]
    /// The trailer block of the message (`Signed-off-by:`, `Fixes:`, `Cc:` ...), in order.
    public var trailers: [Trailer]

    /// True when the commit has more than one parent.
    public var isMerge: Bool { parents.count > 1 }

    public init(
        hash: String, title: String, authorName: String, authorEmail: String, authorDate: Date, committerDate: Date,
        parents: [String], body: String, files: [String], trailers: [Trailer]
    ) {
        self.hash = hash
        self.title = title
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorDate = authorDate
        self.committerDate = committerDate
        self.parents = parents
        self.body = body
        self.files = files
        self.trailers = trailers
    }

    /// The trailers whose key is `key` (case-insensitive), e.g. `"Reported-by"`.
    public func trailers(_ key: String) -> [Trailer] {
        trailers.filter { $0.key.caseInsensitiveCompare(key) == .orderedSame }
    }
}
