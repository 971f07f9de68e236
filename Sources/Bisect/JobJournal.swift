import BisectCore
import Build
import Foundation
import Instance
import Model
import Support

/// The persisted record of one bisection job: every build and every batch of runs, appended as
/// JSON lines and flushed to disk (fsync) as soon as it is made, so that re-running the same
/// job after a crash or `kill -9` continues where it stopped and redoes nothing recorded.
///
/// A line cut short by a kill is dropped when the journal is opened. The journal is locked
/// (flock) while open, so two processes cannot run the same job at once.
final class JobJournal {
    /// Identity of the job, the journal's first line; a journal of another job is refused.
    struct Header: Codable, Hashable {
        var job: String
        var repository: String
        var bad: String
        var good: String?
        var mode: BisectMode
        var backend: String
    }

    struct Record: Codable {
        enum Kind: String, Codable { case header, build, runs }
        var kind: Kind
        var header: Header?
        var commit: String?
        var build: BuildResult?
        var runs: [RunResult]?
        /// Wall-clock seconds of the tester call.
        var seconds: Double?
    }

    let path: String
    private(set) var records: [Record] = []
    private let handle: FileHandle

    /// Opens (creating if needed) the journal in `directory` for the job `header`.
    init(directory: String, header: Header) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CulpritError.infrastructure("cannot create the state directory \(directory): \(error)")
        }
        path = directory + "/journal.jsonl"
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
        var good = 0
        var offset = 0
        for line in data.prefix(end).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let next = offset + line.count + 1
            defer { offset = next }
            guard !line.isEmpty else { continue }
            guard let record = try? decoder.decode(Record.self, from: Data(line)) else { break }
            records.append(record)
            good = min(next, end)
        }
        try handle.truncate(atOffset: UInt64(good))
        try handle.seekToEnd()
        if let existing = records.first?.header {
            guard existing == header else {
                throw CulpritError.badInput(
                    "the state directory \(directory) holds another job (\(existing.repository) bad \(existing.bad) "
                        + "good \(existing.good ?? "none") \(existing.mode.rawValue)): choose another --state directory "
                        + "or remove it")
            }
        } else {
            records = []
            try handle.truncate(atOffset: 0)
            try append(Record(kind: .header, header: header))
        }
    }

    deinit { try? handle.close() }

    /// Appends a record and forces it to disk.
    func append(_ record: Record) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(record)
        data.append(UInt8(ascii: "\n"))
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw CulpritError.infrastructure("cannot write the job's state to \(path): \(error)")
        }
        records.append(record)
    }

    func appendBuild(_ commit: String, _ result: BuildResult) throws {
        try append(Record(kind: .build, commit: commit, build: result))
    }

    func appendRuns(_ commit: String, _ runs: [RunResult], seconds: Double) throws {
        try append(Record(kind: .runs, commit: commit, runs: runs, seconds: seconds))
    }

    /// The last build result recorded for `commit`.
    func build(of commit: String) -> BuildResult? {
        records.last { $0.kind == .build && $0.commit == commit }?.build
    }

    /// Every run recorded for `commit`, by index.
    func runs(of commit: String) -> [RunResult] {
        records.filter { $0.kind == .runs && $0.commit == commit }.flatMap { $0.runs ?? [] }
    }

    /// Evidence from the runs recorded for `commit`.
    func evidence(of commit: String) -> RevisionEvidence {
        var e = RevisionEvidence()
        for r in runs(of: commit) { e.add(r.outcome) }
        return e
    }
}
