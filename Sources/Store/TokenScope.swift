/// What an access token may do on `culprit serve`.
public enum TokenScope: String, Sendable, Codable, CaseIterable, Hashable {
    /// Everything: submit, cancel, retry, and run a worker.
    case all
    /// Submit, cancel and retry jobs.
    case submit
    /// Run a worker through the server (register, claim, record results); nothing else.
    case worker

    /// Whether a token of this scope may do what `needed` names.
    public func allows(_ needed: TokenScope) -> Bool { self == .all || self == needed }
}

/// A known token, as the store finds it by its secret.
public struct TokenRecord: Sendable, Hashable {
    /// The token's row id: what a worker registered with it records (``WorkerOwner``).
    public var id: Int64
    public var name: String
    public var scope: TokenScope

    public init(id: Int64, name: String, scope: TokenScope) {
        self.id = id
        self.name = name
        self.scope = scope
    }
}
