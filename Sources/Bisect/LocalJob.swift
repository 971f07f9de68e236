import Foundation
import Model
import VCS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A job found on this machine: a state directory with a journal (`journal.jsonl`), read without
/// taking the job's lock, for `culprit jobs` and `culprit clean`.
public struct LocalJob: Sendable {
    /// Where a job can be.
    public enum State: String, Sendable {
        /// Another process holds the job's lock.
        case running
        /// The journal has a result.
        case finished
        /// Started, no result, no process: run the same command again to resume.
        case stopped
    }

    public var directory: String
    public var identity: JobIdentity?
    public var state: State
    public var result: BisectionResult?
    /// Distinct revisions with runs, builds and runs recorded.
    public var revisionsTested: Int
    public var builds: Int
    public var runs: Int
    /// Bytes on disk under the state directory (allocated blocks; symbolic links not followed).
    public var diskUse: Int64
    /// When the journal was last written.
    public var modified: Date?
    /// The events recorded (the journal keeps those needed to resume: no log lines, no progress).
    public var events: [JobEvent]

    /// The job's full log (`log.txt`), line by line; empty when there is none.
    public var logLines: [String] {
        guard let text = try? String(contentsOfFile: directory + "/" + FullLog.name, encoding: .utf8) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(
            text.hasSuffix("\n") ? 1 : 0)
    }

    /// Reads the job in `directory`; nil when there is no journal.
    public static func read(_ directory: String) -> LocalJob? {
        let journal = directory + "/journal.jsonl"
        guard let data = FileManager.default.contents(atPath: journal) else { return nil }
        let reading = try? JobJournal.read(data, path: journal)
        let events = reading?.events ?? []
        var result: BisectionResult?
        var builds = 0
        var commits = Set<String>()
        var runs = 0
        for e in events {
            switch e {
            case .result(let r): result = r
            case .buildFinished: builds += 1
            case .runFinished(let commit, _):
                runs += 1
                commits.insert(commit)
            default: break
            }
        }
        let state: State = isLocked(directory) ? .running : result != nil ? .finished : .stopped
        let modified = (try? FileManager.default.attributesOfItem(atPath: journal))?[.modificationDate] as? Date
        return LocalJob(
            directory: directory, identity: reading?.header, state: state, result: result,
            revisionsTested: commits.count, builds: builds, runs: runs, diskUse: diskUsage(directory),
            modified: modified, events: events)
    }

    /// Every job under `root`: a git repository (its jobs are in `GITDIR/culprit/`), a state root
    /// whose subdirectories are jobs, or one job's state directory. Oldest first.
    /// - Throws: `CulpritError.badInput` when `root` is none of these.
    public static func all(under root: String) async throws -> [LocalJob] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CulpritError.badInput("\(root) is not a directory: give a repository or a directory of job states")
        }
        if let job = read(root) { return [job] }
        var base = root
        if fm.fileExists(atPath: root + "/.git"), let repository = try? await Repository(path: root) {
            base = repository.gitDirectory + "/culprit"
        }
        let names = (try? fm.contentsOfDirectory(atPath: base)) ?? []
        return names.sorted().compactMap { read(base + "/" + $0) }
            .sorted { ($0.modified ?? .distantPast) < ($1.modified ?? .distantPast) }
    }

    /// Whether a culprit process holds the job's lock (flock on the state directory).
    static func isLocked(_ directory: String) -> Bool {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    /// Bytes allocated under `path`, each file once (hard links counted once), links not followed.
    public static func diskUsage(_ path: String) -> Int64 {
        var total: Int64 = 0
        var seen = Set<[UInt64]>()
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var st = stat()
        if lstat(path, &st) == 0 { total += Int64(st.st_blocks) * 512 }
        while let name = walker.nextObject() as? String {
            guard lstat(path + "/" + name, &st) == 0 else { continue }
            if st.st_nlink > 1 && (st.st_mode & S_IFMT) != S_IFDIR {
                guard seen.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted else { continue }
            }
            total += Int64(st.st_blocks) * 512
        }
        return total
    }
}
