import Store
import Testing

@testable import Worker

/// The worker's buffer of events on their way to the store: batches in order, and a batch whose
/// append failed taken again as it was, under its key (the store keeps a key's batch once).
@Suite("EventBuffer: batches keep their key until stored")
struct EventBufferTests {
    @Test("a failed batch is taken again with the same key and events, ahead of newer events")
    func failedBatchKeepsItsKey() {
        let buffer = EventBuffer()
        buffer.add((1...3).map { NewEvent(kind: "log", body: "line \($0)") })
        let first = buffer.take(maxBytes: 12)
        #expect(first.events.map(\.body) == ["line 1"])
        buffer.add([NewEvent(kind: "log", body: "line 4")])
        buffer.requeue(first)
        #expect(!buffer.isEmpty)
        let again = buffer.take()
        #expect(again.key == first.key && again.events == first.events)
        let rest = buffer.take()
        #expect(rest.key != first.key && rest.events.map(\.body) == ["line 2", "line 3", "line 4"])
        #expect(buffer.isEmpty)
    }
}
