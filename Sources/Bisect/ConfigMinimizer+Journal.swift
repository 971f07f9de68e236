import BisectCore
import Foundation
import Model
import Synchronization

extension ConfigMinimizer {
    /// What config minimization has learned, one JSON line per fact (a candidate's build, one
    /// run), written and synced as each happens: a minimization stopped by `kill -9` goes on from
    /// it, and no candidate is built or run again for what is already known. Candidates are
    /// named by the SHA-256 of their config text.
    public final class Journal: Sendable {
        struct Record: Codable {
            /// The candidate's config digest.
            var candidate: String
            /// A build: whether it failed, and its first error line.
            var buildFailed: Bool?
            var error: String?
            /// A run.
            var outcome: RunOutcome?
        }

        public let path: String
        private let state: Mutex<(evidence: [String: RevisionEvidence], failed: [String: String])>

        /// Opens (creating) the journal at `path` and reads what it holds; a torn last line
        /// (a kill during a write) is ignored.
        /// - Throws: `CulpritError.infrastructure` when the file cannot be made.
        public init(path: String) throws {
            self.path = path
            var evidence: [String: RevisionEvidence] = [:]
            var failed: [String: String] = [:]
            if let data = FileManager.default.contents(atPath: path) {
                for line in data.split(separator: UInt8(ascii: "\n")) {
                    guard let record = try? JSONDecoder().decode(Record.self, from: Data(line)) else { continue }
                    if record.buildFailed == true { failed[record.candidate] = record.error ?? "build failed" }
                    if let outcome = record.outcome { evidence[record.candidate, default: RevisionEvidence()].add(outcome) }
                }
            } else {
                let directory = (path as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw CulpritError.infrastructure("cannot create \(directory) for config minimization: \(error)")
                }
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CulpritError.infrastructure("cannot create the config minimization journal \(path)")
                }
            }
            state = Mutex((evidence, failed))
        }

        /// The runs recorded for `candidate`.
        public func evidence(_ candidate: String) -> RevisionEvidence {
            state.withLock { $0.evidence[candidate] ?? RevisionEvidence() }
        }

        /// The first error line when `candidate`'s build failed.
        public func buildFailure(_ candidate: String) -> String? { state.withLock { $0.failed[candidate] } }

        func recordFailedBuild(_ candidate: String, error: String) throws {
            try append(Record(candidate: candidate, buildFailed: true, error: error))
            state.withLock { $0.failed[candidate] = error }
        }

        func recordRun(_ candidate: String, _ outcome: RunOutcome) throws {
            // The report text is not needed to decide again; the title is.
            var kept = outcome
            if case .crashed(let title, _) = outcome { kept = .crashed(title: title, report: nil) }
            try append(Record(candidate: candidate, outcome: kept))
            state.withLock { $0.evidence[candidate, default: RevisionEvidence()].add(kept) }
        }

        private func append(_ record: Record) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(record)
            data.append(UInt8(ascii: "\n"))
            do {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: data)
                try handle.synchronize()
            } catch {
                throw CulpritError.infrastructure("cannot write the config minimization journal \(path): \(error)")
            }
        }
    }
}
