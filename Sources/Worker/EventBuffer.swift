import Foundation
import Model
import Store
import Synchronization

/// Events of a running job waiting to be appended to the store, in order. Filled synchronously
/// (from ``StoreJobLog/record(_:)``), emptied by the worker's pump every 100 ms, one batch at a
/// time. Each batch has a key of its own; a batch whose append failed is sent again as it was,
/// with its key, so that the store keeps it once even when the first sending was stored and
/// only its answer was lost.
final class EventBuffer: Sendable {
    /// Events to append under one idempotency key.
    struct Batch: Sendable {
        var key: String
        var events: [NewEvent]
    }

    private struct State {
        var pending: [NewEvent] = []
        /// A batch whose append failed, sent again before anything newer.
        var unsent: Batch?
    }

    private let state = Mutex(State())

    func add(_ events: [NewEvent]) {
        state.withLock { $0.pending += events }
    }

    /// A log line of the worker's own (claims, stops, errors).
    func log(_ line: String) {
        add([NewEvent(kind: StoredEvent.logKind, body: line)])
    }

    /// Keeps a batch that could not be stored, to be taken again (same key, same events) first.
    func requeue(_ batch: Batch) {
        state.withLock { $0.unsent = batch }
    }

    /// The batch that failed last, else the oldest pending events, in order, whose bodies add
    /// up to at most `maxBytes` (one at least) under a new key.
    func take(maxBytes: Int = EventBuffer.batchBytes) -> Batch {
        state.withLock { s in
            if let unsent = s.unsent {
                s.unsent = nil
                return unsent
            }
            var count = 0
            var size = 0
            while count < s.pending.count {
                size += s.pending[count].body.utf8.count + s.pending[count].kind.utf8.count
                if count > 0 && size > maxBytes { break }
                count += 1
            }
            defer { s.pending.removeFirst(count) }
            return Batch(key: UUID().uuidString.lowercased(), events: Array(s.pending.prefix(count)))
        }
    }

    /// Whether events are waiting.
    var isEmpty: Bool { state.withLock { $0.pending.isEmpty && $0.unsent == nil } }

    /// The size of one append: small enough that a worker's request stays under the server's
    /// body limit (16 MiB) even with every byte escaped in JSON.
    static let batchBytes = 2 << 20
}
