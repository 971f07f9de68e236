/// What a successful build produced.
public struct Artifact: Sendable, Hashable, Codable {
    /// Directory holding the build output (for the generic builder, the worktree itself).
    public var directory: String
    /// Named files of interest, e.g. `["kernel": ".../bzImage"]`.
    public var files: [String: String]
    /// A hash of the built code and data, equal for builds of identical source; nil when the
    /// builder cannot compute one. Equal signatures for a culprit and its parent mean the
    /// culprit did not change the binary, and the result deserves distrust.
    public var signature: String?

    public init(directory: String, files: [String: String] = [:], signature: String? = nil) {
        self.directory = directory
        self.files = files
        self.signature = signature
    }
}
