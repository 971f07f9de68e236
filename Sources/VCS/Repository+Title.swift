import Foundation
import Model
import Support

extension Repository {
    /// The newest commit reachable from any ref whose subject is exactly `title`, or nil.
    ///
    /// A fuzzing dashboard names the commit a bug was found on by hash and title; on a tree
    /// that rebases (linux-next, maintainer trees) the hash disappears while the commit stays,
    /// under another hash with the same title.
    public func commit(titled title: String) async throws -> String? {
        let wanted = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !wanted.isEmpty, !wanted.contains("\n") else { return nil }
        let result = try await git.run([
            "log", "--all", "--fixed-strings", "--grep=" + wanted, "--format=%H%x00%s", "--",
        ])
        guard result.succeeded else { throw git.failure(result) }
        for line in result.outputText.split(separator: "\n") {
            let fields = line.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
            if fields.count == 2, fields[1] == wanted { return String(fields[0]) }
        }
        return nil
    }
}
