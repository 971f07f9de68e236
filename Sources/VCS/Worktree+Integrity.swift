import Foundation
import Model

extension Worktree {
    /// What a checkout left on disk, to tell later whether a build or a test moved or emptied it.
    public struct Snapshot: Sendable, Hashable {
        /// The commit checked out.
        public let commit: String
        /// The commit's top-level tracked entries.
        public let topLevel: [String]
    }

    /// The state of the work tree at `commit` (checked out).
    public func snapshot(_ commit: String) async throws -> Snapshot {
        let names = try await git.text(["ls-tree", "--name-only", "-z", commit])
        return Snapshot(commit: commit, topLevel: names.split(separator: "\u{0}").map(String.init))
    }

    /// A cheap check without git (safe to call anywhere): what is wrong when HEAD no longer
    /// names the snapshot's commit or a top-level tracked entry is gone; nil when neither.
    public func quickProblem(_ snapshot: Snapshot) -> String? {
        let head = (try? String(contentsOfFile: gitDirectory + "/HEAD", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard head == snapshot.commit else {
            return "the work tree \(path) is no longer at \(snapshot.commit) (HEAD: \(head ?? "unreadable"))"
        }
        if let missing = snapshot.topLevel.first(where: { !FileManager.default.fileExists(atPath: path + "/" + $0) }) {
            return "the work tree \(path) lost its tracked files (\(missing) is gone)"
        }
        return nil
    }

    /// The full check: HEAD is `snapshot.commit` and no tracked file differs from it (untracked
    /// build products do not count). What is wrong, or nil.
    public func problem(_ snapshot: Snapshot) async -> String? {
        if let quick = quickProblem(snapshot) { return quick }
        guard
            let status = try? await git.run([
                "status", "--porcelain", "--untracked-files=no", "--ignore-submodules=all", "-z",
            ]), status.succeeded
        else { return "git cannot read the state of the work tree \(path)" }
        let changed = status.outputText.split(separator: "\u{0}").prefix(3).map { String($0.dropFirst(3)) }
        return changed.isEmpty
            ? nil : "tracked files in the work tree \(path) were changed (\(changed.joined(separator: ", ")))"
    }
}
