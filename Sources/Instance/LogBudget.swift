import Foundation
import Synchronization

/// The disk space a job's run logs may take, shared by the runs of one tester.
///
/// Counted from what is on disk the first time (a resumed job starts with its old logs), then
/// from each new log. Once the budget is spent, logs of runs that show nothing (OK, cannot
/// test) are removed; a crash's or a time-out's log is always kept (each is capped by the
/// tester's per-run limit).
public final class LogBudget: Sendable {
    /// Bytes of run logs a job may keep.
    public let limit: Int
    private let used = Mutex<Int?>(nil)

    public init(limit: Int) { self.limit = limit }

    /// Adds a log of `size` bytes in `directory` (the job's runs directory); returns whether
    /// the job's logs are still within the budget.
    public func admit(_ size: Int, in directory: String) -> Bool {
        used.withLock { used in
            let total = (used ?? Self.size(of: directory) - size) + size
            used = total
            return total <= limit
        }
    }

    /// Gives back `size` bytes (a log that was removed).
    public func release(_ size: Int) {
        used.withLock { $0 = max(0, ($0 ?? 0) - size) }
    }

    /// Bytes of the regular files below `directory`.
    static func size(of directory: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var total = 0
        while let name = walker.nextObject() as? String {
            if let attributes = walker.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular {
                total += (attributes[.size] as? Int) ?? 0
            } else {
                _ = name
            }
        }
        return total
    }
}
