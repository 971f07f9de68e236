import Foundation
import Model
import Store
import Synchronization

/// Events of a running job waiting to be appended to the store, in order. Filled synchronously
/// (from ``StoreJobLog/record(_:)``), emptied by the worker's pump every 100 ms.
final class EventBuffer: Sendable {
    private let pending = Mutex<[NewEvent]>([])

    func add(_ events: [NewEvent]) {
        pending.withLock { $0 += events }
    }

    /// A log line of the worker's own (claims, stops, errors).
    func log(_ line: String) {
        add([NewEvent(kind: StoredEvent.logKind, body: line)])
    }

    /// Puts back events that could not be stored, ahead of newer ones.
    func requeue(_ events: [NewEvent]) {
        pending.withLock { $0.insert(contentsOf: events, at: 0) }
    }

    /// Everything pending, in order.
    func take() -> [NewEvent] {
        pending.withLock { p in
            defer { p = [] }
            return p
        }
    }
}
