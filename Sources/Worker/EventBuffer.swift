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

    /// The oldest pending events, in order, whose bodies add up to at most `maxBytes` (one at least).
    func take(maxBytes: Int = EventBuffer.batchBytes) -> [NewEvent] {
        pending.withLock { p in
            var count = 0
            var size = 0
            while count < p.count {
                size += p[count].body.utf8.count + p[count].kind.utf8.count
                if count > 0 && size > maxBytes { break }
                count += 1
            }
            defer { p.removeFirst(count) }
            return Array(p.prefix(count))
        }
    }

    /// Whether events are waiting.
    var isEmpty: Bool { pending.withLock { $0.isEmpty } }

    /// The size of one append: small enough that a worker's request stays under the server's
    /// body limit (16 MiB) even with every byte escaped in JSON.
    static let batchBytes = 2 << 20
}
