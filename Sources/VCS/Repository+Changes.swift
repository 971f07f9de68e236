import Foundation
import Model

extension Repository {
    /// The files `commit` changed against its first parent (a root commit: against nothing),
    /// with the lines added and removed in each, in git's order.
    ///
    /// Immune to the user's git configuration: explicit prefixes (whatever `diff.noprefix` or
    /// `diff.mnemonicPrefix` say), no external diff or textconv, no renames, no order file, no
    /// color, and paths taken from a NUL-separated list rather than from the patch headers.
    /// - Throws: `CulpritError.infrastructure` when git fails; `.badInput` for an unknown revision.
    public func changes(of commit: String) async throws -> [FileChange] {
        let hash = try await resolve(commit)
        let common = [
            "diff-tree", "-r", "--root", "--no-commit-id", "--no-renames", "--no-ext-diff", "--no-textconv",
            "--no-color", "-O/dev/null", "--ignore-submodules=none",
        ]
        let paths = try await git.output(common + ["-z", "--name-only", hash]).nulFields()
        let patch = try await git.output(
            common + ["-p", "--unified=0", "--src-prefix=a/", "--dst-prefix=b/", "--no-relative", hash])
        var changes: [FileChange] = []
        var inHunks = false
        for raw in patch.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = String(decoding: raw, as: UTF8.self)
            if line.hasPrefix("diff --git ") {
                guard changes.count < paths.count else {
                    throw CulpritError.infrastructure(
                        "git diff-tree of \(hash) gave more patches than files (\(paths.count)); cannot read it")
                }
                changes.append(FileChange(path: paths[changes.count]))
                inHunks = false
                continue
            }
            guard !changes.isEmpty else { continue }
            if line.hasPrefix("@@") {
                inHunks = true
                continue
            }
            // Before the first hunk: headers (index, mode, ---/+++ names, binary notes).
            guard inHunks else {
                if line.hasPrefix("Binary files ") { changes[changes.count - 1].isBinary = true }
                continue
            }
            if line.hasPrefix("+") {
                changes[changes.count - 1].added.append(String(line.dropFirst()))
            } else if line.hasPrefix("-") {
                changes[changes.count - 1].removed.append(String(line.dropFirst()))
            }
        }
        // Files with no patch text (mode changes) keep their place with no lines.
        if changes.count < paths.count {
            let seen = changes.count
            changes += paths[seen...].map { FileChange(path: $0) }
        }
        return changes
    }
}
