import Foundation
import Model
import Store

extension JobRunner {
    /// A console log stored as an artifact keeps its head and tail up to this many bytes.
    static let consoleLogLimit = 256 << 10
    /// Console logs stored per job, at most.
    static let consoleLogCount = 4

    /// Stores a finished job's artifacts while the worker still holds it: the crash report, and
    /// the console logs (each capped at ``consoleLogLimit``) of the first crashed run on each of
    /// the bad revision and the culprit that this worker still has on disk (runs recorded by an
    /// earlier attempt on another machine have their logs there).
    func putArtifacts(_ job: Int64, result: BisectionResult) async {
        if let report = result.crash?.report {
            _ = try? await store.putArtifact(job: job, worker: settings.id, name: "crash-report.txt", content: report)
        }
        let runs = (try? await store.events(job: job, after: 0, kinds: ["run_finished"], limit: 100_000)) ?? []
        var crashed: [(commit: String, run: RunResult)] = []
        for event in StoredEvent.decode(runs) {
            if case .runFinished(let commit, let run) = event, case .crashed = run.outcome, run.logPath != nil {
                crashed.append((commit, run))
            }
        }
        var stored = 0
        for (label, commit) in [("bad", result.badCommit), ("culprit", result.culprit?.hash)] {
            guard let commit, stored < Self.consoleLogCount else { continue }
            guard
                let (_, run) = crashed.first(where: {
                    $0.commit == commit && FileManager.default.fileExists(atPath: $0.run.logPath ?? "")
                }),
                let path = run.logPath, let content = Self.cappedText(of: path, limit: Self.consoleLogLimit)
            else { continue }
            let name = "console-\(label)-\(commit.prefix(12))-run\(run.index).log"
            if (try? await store.putArtifact(job: job, worker: settings.id, name: name, content: content)) == true {
                stored += 1
            }
        }
    }

    /// The file's text, or its first quarter and last three quarters of `limit` bytes with a line
    /// saying how much was left out between them; nil when it cannot be read.
    static func cappedText(of path: String, limit: Int) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        try? handle.seek(toOffset: 0)
        if size <= UInt64(limit) {
            return (try? handle.readToEnd()).map { String(decoding: $0 ?? Data(), as: UTF8.self) }
        }
        let headBytes = limit / 4
        let tailBytes = limit - headBytes
        guard let head = try? handle.read(upToCount: headBytes) else { return nil }
        try? handle.seek(toOffset: size - UInt64(tailBytes))
        guard let tail = try? handle.readToEnd() else { return nil }
        let cut = size - UInt64(headBytes + tailBytes)
        return String(decoding: head, as: UTF8.self) + "\n[culprit: \(cut) bytes of this log left out]\n"
            + String(decoding: tail, as: UTF8.self)
    }
}
