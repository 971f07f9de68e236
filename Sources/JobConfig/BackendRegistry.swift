import Model
import Synchronization

/// The backends a program knows: `culprit` and the worker register theirs at start
/// (``register(_:)``); ``JobFile`` asks it which backend owns a key, ``BisectJob`` which one
/// prepares a job.
public final class BackendRegistry: Sendable {
    /// The registry `culprit` and the worker fill, and job files read by default.
    public static let shared = BackendRegistry()

    private let types = Mutex<[any Backend.Type]>([])

    public init(_ backends: [any Backend.Type] = []) {
        for backend in backends { register(backend) }
    }

    /// Adds `backend` (once: registering a kind again keeps the first).
    public func register(_ backend: any Backend.Type) {
        types.withLock { list in
            if !list.contains(where: { $0.kind == backend.kind }) { list.append(backend) }
        }
    }

    /// The registered backends, in registration order.
    public var backends: [any Backend.Type] { types.withLock { $0 } }

    /// The backend that owns the job-file key `key`.
    public func backend(owning key: String) -> (any Backend.Type)? {
        backends.first { $0.keys.contains(key) }
    }

    /// The backend registered as `kind`.
    public func backend(kind: String) -> (any Backend.Type)? {
        backends.first { $0.kind == kind }
    }

    /// Every key a registered backend owns.
    public var keys: [String] { backends.flatMap { $0.keys } }
}
