import Foundation
import Model
import Synchronization

/// The JSON-lines ``JobLog`` in a job's state directory (`journal.jsonl`): a header naming the job,
/// then one event a line (``JobEvent``'s JSON form), each written and flushed to disk (fsync) as it
/// is made, so that re-running the same job after a crash or `kill -9` continues where it stopped
/// and redoes nothing recorded. Log lines and progress are not kept (``JobEvent/isNeededToResume``).
///
/// A line cut short by a kill is dropped when the journal is opened. A complete line that cannot
/// be read (damage, an unknown event) is set aside in `journal.unreadable-N.jsonl`, said in
/// ``notices``, and the records after it are kept. The state directory itself is locked (flock on
/// the directory, which deleting the journal does not release) while the journal is open, so two
/// processes cannot run the same job at once; every write first checks that `journal.jsonl` is
/// still the file this process opened.
final class JobJournal: JobLog {
    /// The first line.
    struct Header: Codable {
        var header: JobIdentity
    }

    let path: String
    let identity: JobIdentity
    /// What opening the journal found wrong and did about it, for the job's log.
    let notices: [String]
    private let handle: FileHandle
    private let directoryLock: Int32
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
        // One process per job: the lock is on the directory (deleting the journal cannot release
        // it) and goes away with the process, even after kill -9.
        directoryLock = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryLock >= 0 else {
            throw CulpritError.infrastructure("cannot open the state directory \(directory): check its permissions")
        }
        guard flock(directoryLock, LOCK_EX | LOCK_NB) == 0 else {
            close(directoryLock)
            throw CulpritError.badInput(
                "another culprit process is running this job (state in \(directory)): wait for it to end, or give "
                    + "another --state directory")
        }
        var notices: [String] = []
        let reading: Reading
        do {
            try Self.checkOwnership(of: directory, journal: path)
            if !fm.fileExists(atPath: path) { fm.createFile(atPath: path, contents: nil) }
            guard let data = fm.contents(atPath: path) else {
                throw CulpritError.infrastructure("cannot read \(path): check its permissions")
            }
            reading = try Self.read(data, path: path)
            if !reading.unreadable.isEmpty {
                let aside = try Self.setAside(reading.unreadable, directory: directory)
                notices.append(
                    "the journal had \(reading.unreadable.count) unreadable line(s) (lines "
                        + reading.unreadable.prefix(5).map { String($0.line) }.joined(separator: ", ")
                        + (reading.unreadable.count > 5 ? ", ..." : "") + "); they were kept in \(aside), and the "
                        + "\(reading.events.count) readable records before and after them are used")
                try Self.rewrite(path, header: reading.header ?? identity, events: reading.events)
            }
        } catch {
            close(directoryLock)
            throw error
        }
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            close(directoryLock)
            throw CulpritError.infrastructure("cannot open \(path) for reading and writing: check its permissions")
        }
        self.handle = handle
        self.notices = notices
        recorded = Mutex(reading.events)
        // Drop a last line cut short by a kill (a rewritten journal has none).
        if reading.unreadable.isEmpty { try handle.truncate(atOffset: UInt64(reading.end)) }
        try handle.seekToEnd()
        if let existing = reading.header {
            guard existing.isSameJob(as: identity) else {
                if existing.bad == identity.bad && existing.good == identity.good && existing.mode == identity.mode {
                    throw CulpritError.badInput(
                        "the state directory \(directory) holds this job's revisions with other settings or files (a "
                            + "config, fix, fragment or reproducer changed since, or another command): its builds and "
                            + "runs do not count for this job; choose another --state directory or remove it")
                }
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

    /// What reading a journal found.
    struct Reading {
        var header: JobIdentity?
        var events: [JobEvent] = []
        /// Complete lines that could not be read, with their line numbers.
        var unreadable: [(line: Int, text: Data)] = []
        /// The end of the last complete line.
        var end = 0
    }

    /// Reads a journal's complete lines (a kill can leave the last one half written).
    static func read(_ data: Data, path: String) throws -> Reading {
        var reading = Reading()
        var end = data.count
        while end > 0 && data[data.startIndex + end - 1] != UInt8(ascii: "\n") { end -= 1 }
        reading.end = end
        let decoder = JSONDecoder()
        var number = 0
        for line in data.prefix(end).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard !line.isEmpty else { continue }
            if reading.header == nil {
                guard let header = try? decoder.decode(Header.self, from: Data(line)) else {
                    throw CulpritError.badInput(
                        "\(path) does not start with a culprit job header (line \(number) cannot be read): it was not "
                            + "written by culprit, or is damaged. Move it away, or give another --state directory.")
                }
                reading.header = header.header
            } else if let event = try? decoder.decode(JobEvent.self, from: Data(line)) {
                reading.events.append(event)
            } else {
                reading.unreadable.append((number, Data(line)))
            }
        }
        return reading
    }

    /// Refuses a state directory with files culprit did not write: anything in it needs a
    /// journal that starts with a culprit header (an empty journal counts as culprit's).
    static func checkOwnership(of directory: String, journal: String) throws {
        let fm = FileManager.default
        let contents = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter { $0 != "journal.jsonl" }
        let journalData = fm.contents(atPath: journal)
        if let journalData, !journalData.isEmpty {
            let first = journalData.prefix { $0 != UInt8(ascii: "\n") }
            guard (try? JSONDecoder().decode(Header.self, from: Data(first))) != nil else {
                throw CulpritError.badInput(
                    "\(journal) was not written by culprit (its first line is not a culprit job header): culprit "
                        + "will not overwrite it. Move it away, or give another --state directory.")
            }
        } else if !contents.isEmpty {
            throw CulpritError.badInput(
                "the state directory \(directory) holds files culprit did not write (\(contents.sorted().prefix(3).joined(separator: ", "))"
                    + "\(contents.count > 3 ? ", ..." : "")): give an empty or new --state directory")
        }
    }

    /// Writes unreadable lines to a new `journal.unreadable-N.jsonl`; returns its path.
    static func setAside(_ lines: [(line: Int, text: Data)], directory: String) throws -> String {
        var n = 1
        while FileManager.default.fileExists(atPath: directory + "/journal.unreadable-\(n).jsonl") { n += 1 }
        let aside = directory + "/journal.unreadable-\(n).jsonl"
        var data = Data()
        for (_, text) in lines {
            data.append(text)
            data.append(UInt8(ascii: "\n"))
        }
        do {
            try data.write(to: URL(fileURLWithPath: aside))
        } catch {
            throw CulpritError.infrastructure("cannot keep the unreadable journal lines in \(aside): \(error)")
        }
        return aside
    }

    /// Replaces the journal with its header and readable events (atomically, synced).
    static func rewrite(_ path: String, header: JobIdentity, events: [JobEvent]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(Header(header: header))
        data.append(UInt8(ascii: "\n"))
        for event in events {
            data.append(try encoder.encode(event))
            data.append(UInt8(ascii: "\n"))
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CulpritError.infrastructure("cannot rewrite the journal \(path): \(error)")
        }
    }

    deinit {
        try? handle.close()
        close(directoryLock)
    }

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
        try checkStillThere()
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw CulpritError.infrastructure("cannot write the job's state to \(path): \(error)")
        }
    }

    /// Throws when `journal.jsonl` is no longer the file this process opened (deleted or
    /// replaced): what is recorded from now on would be lost, or mixed with another job.
    private func checkStillThere() throws {
        var opened = stat()
        var named = stat()
        guard fstat(handle.fileDescriptor, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino,
            opened.st_dev == named.st_dev
        else {
            throw CulpritError.infrastructure(
                "the journal \(path) was deleted or replaced while the job ran: the job stopped so that no result "
                    + "is lost or mixed with another's. Run the same command again to go on from what is on disk.")
        }
    }
}
