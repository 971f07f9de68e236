import Foundation
import Model
import Synchronization

/// The JSON-lines ``JobLog`` in a job's state directory (`journal.jsonl`): a header naming the job,
/// then one event a line (``JobEvent``'s JSON form), each written and flushed to disk (fsync) as it
/// is made, so that re-running the same job after a crash or `kill -9` continues where it stopped
/// and redoes nothing recorded. Log lines and progress are not kept (``JobEvent/isNeededToResume``).
///
/// A line cut short by a kill is dropped when the journal is opened. The journal is locked
/// (flock) while open, so two processes cannot run the same job at once.
final class JobJournal: JobLog {
    /// The first line.
    struct Header: Codable {
        var header: JobIdentity
    }

    let path: String
    let identity: JobIdentity
    private let handle: FileHandle
    private let recorded: Mutex<[JobEvent]>

    var events: [JobEvent] { recorded.withLock { $0 } }

    /// Opens (creating if needed) the journal in `directory` for the job `identity`.
    init(directory: String, identity: JobIdentity) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CulpritError.infrastructure("cannot create the state directory \(directory): \(error)")
        }
        path = directory + "/journal.jsonl"
        self.identity = identity
        if !fm.fileExists(atPath: path) { fm.createFile(atPath: path, contents: nil) }
        guard let data = fm.contents(atPath: path), let handle = FileHandle(forUpdatingAtPath: path) else {
            throw CulpritError.infrastructure("cannot open \(path) for reading and writing: check its permissions")
        }
        self.handle = handle
        // One process per job: the lock goes away with the process, even after kill -9.
        guard flock(handle.fileDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            try? handle.close()
            throw CulpritError.badInput(
                "another culprit process is running this job (state in \(directory)): wait for it to end, or give "
                    + "another --state directory")
        }
        // Keep whole lines only: a kill can leave the last one half written.
        var end = data.count
        while end > 0 && data[data.startIndex + end - 1] != UInt8(ascii: "\n") { end -= 1 }
        let decoder = JSONDecoder()
        var existing: JobIdentity?
        var events: [JobEvent] = []
        var good = 0
        var offset = 0
        for line in data.prefix(end).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let next = offset + line.count + 1
            defer { offset = next }
            guard !line.isEmpty else { continue }
            if existing == nil {
                guard let header = try? decoder.decode(Header.self, from: Data(line)) else { break }
                existing = header.header
            } else {
                guard let event = try? decoder.decode(JobEvent.self, from: Data(line)) else { break }
                events.append(event)
            }
            good = min(next, end)
        }
        recorded = Mutex(events)
        try handle.truncate(atOffset: UInt64(good))
        try handle.seekToEnd()
        if let existing {
            guard existing.isSameJob(as: identity) else {
                throw CulpritError.badInput(
                    "the state directory \(directory) holds another job (\(existing.repository) bad \(existing.bad) "
                        + "good \(existing.good ?? "none") \(existing.mode.rawValue)): choose another --state directory "
                        + "or remove it")
            }
        } else {
            recorded.withLock { $0 = [] }
            try handle.truncate(atOffset: 0)
            try write(Header(header: identity))
        }
    }

    deinit { try? handle.close() }

    /// Appends `event` and forces it to disk (events a resume does not need are not kept).
    func record(_ event: JobEvent) throws {
        guard event.isNeededToResume else { return }
        try recorded.withLock { events in
            try write(event)
            events.append(event)
        }
    }

    private func write(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw CulpritError.infrastructure("cannot write the job's state to \(path): \(error)")
        }
    }
}
