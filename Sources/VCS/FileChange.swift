/// What a commit changed in one file, line by line (against its first parent).
public struct FileChange: Sendable, Hashable {
    /// The file's path in the commit (its new path; for a deleted file, the old one).
    public var path: String
    /// Lines added, without the leading `+`.
    public var added: [String]
    /// Lines removed, without the leading `-`.
    public var removed: [String]
    /// git sees the file as binary (no lines).
    public var isBinary: Bool

    public init(path: String, added: [String] = [], removed: [String] = [], isBinary: Bool = false) {
        self.path = path
        self.added = added
        self.removed = removed
        self.isBinary = isBinary
    }
}
