import Foundation
import Synchronization

/// The job's log as text in its state directory (`log.txt`, next to the journal): every log line
/// of every attempt, appended as it is written, so that the log is kept with the job's results.
/// Config minimization keeps its lines the same way in its own directory.
/// Failing to write it never stops the job (the journal holds the same lines).
public final class FullLog: Sendable {
    /// The file name in the state directory.
    static let name = "log.txt"
    public let path: String
    private let handle: Mutex<FileHandle?>

    /// Opens (creating) the log at `path` for appending.
    public init(path: String) {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        let h = FileHandle(forWritingAtPath: path)
        _ = try? h?.seekToEnd()
        handle = Mutex(h)
    }

    deinit { handle.withLock { try? $0?.close() } }

    /// Appends one line (a newline is added).
    public func append(_ line: String) {
        handle.withLock { h in try? h?.write(contentsOf: Data((line + "\n").utf8)) }
    }
}
