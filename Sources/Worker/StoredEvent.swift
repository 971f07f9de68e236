import Foundation
import Model
import Store

/// How the engine's ``JobEvent``s are kept in the store: a log line as kind `log` with its text
/// as the body (the log download and the live view read it as is); every other event as its
/// `"event"` name (`run_finished`, `progress`, ...) with its JSON form as the body.
public enum StoredEvent {
    public static let logKind = "log"

    /// The store's form of `event`.
    public static func encode(_ event: JobEvent) -> NewEvent {
        if case .line(let text) = event { return NewEvent(kind: logKind, body: text) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return NewEvent(kind: event.name, body: body)
    }

    /// The engine's events among stored ones (log lines, the store's own `state` events and
    /// unreadable bodies left out).
    public static func decode(_ stored: [Store.EventRecord]) -> [Model.JobEvent] {
        let decoder = JSONDecoder()
        return stored.compactMap { e in
            guard e.kind != logKind, e.kind != "state" else { return nil }
            return try? decoder.decode(Model.JobEvent.self, from: Data(e.body.utf8))
        }
    }
}
