/// Who may act as a worker id on `culprit serve`'s worker API: a worker registered through the
/// server belongs to the token it registered with, and only that token may claim, renew,
/// release, finish or append as it (a 403 for any other).
public enum WorkerOwner: Sendable, Hashable {
    /// No worker has this id yet: the first token to register it takes it.
    case unregistered
    /// Registered on the database itself (`culprit worker --database`, `serve --workers N`):
    /// no token acts as it.
    case database
    /// Registered through the server with the token of this id (``TokenRecord/id``).
    case token(Int64)
}
