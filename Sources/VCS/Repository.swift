import Foundation
import Model
import Support

/// A git repository on disk, driven through the `git` binary.
///
/// Every query is a git command run with a stable environment (see `Git`); revisions given by
/// the user are resolved to full hashes before they reach any other command, so a name that
/// looks like an option or a path can never change what git does.
public struct Repository: Sendable {
    /// Absolute top level of the work tree, or the git directory of a bare repository.
    public let path: String
    /// Absolute common git directory (shared by all worktrees); Culprit's state lives under it.
    public let gitDirectory: String
    /// True for a bare repository (no work tree of its own).
    public let isBare: Bool
    /// True when the repository is a shallow clone (some history is missing).
    public let isShallow: Bool

    let git: Git

    /// Opens the repository at `path` (work tree, a directory inside it, or a bare repository).
    ///
    /// - Throws: `CulpritError.badInput` when `path` does not exist or is not a git repository.
    public init(path: String) async throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw CulpritError.badInput(
                "the repository directory \(absolute) does not exist: give the path of a git clone "
                    + "(for the kernel: git clone https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git).")
        }
        let probe = Git(directory: absolute)
        let result = try await probe.run([
            "rev-parse", "--path-format=absolute", "--git-common-dir", "--is-bare-repository",
            "--is-shallow-repository",
        ])
        let lines = result.outputText.split(separator: "\n").map(String.init)
        guard result.succeeded, lines.count == 3 else {
            throw try await Repository.openError(absolute, result)
        }
        let common = URL(fileURLWithPath: lines[0]).standardizedFileURL.path
        let bare = lines[1] == "true"
        var top = common
        if !bare {
            let topResult = try await probe.run(["rev-parse", "--show-toplevel"])
            let text = topResult.outputText.trimmingCharacters(in: .newlines)
            // Inside the git directory itself there is no top level: use the main work tree.
            top =
                topResult.succeeded && !text.isEmpty
                ? text : URL(fileURLWithPath: common).deletingLastPathComponent().path
        }
        self.path = top
        self.gitDirectory = common
        self.isBare = bare
        self.isShallow = lines[2] == "true"
        self.git = Git(directory: top)
    }

    /// The full hash of the commit `revision` names (a hash, a prefix, a branch, a tag, `HEAD~3`).
    ///
    /// - Throws: `CulpritError.badInput` when git does not know the revision or it names no commit.
    public func resolve(_ revision: String) async throws -> String {
        guard !revision.isEmpty, !revision.hasPrefix("-") else {
            throw CulpritError.badInput(
                "'\(revision)' is not a revision: give a commit hash, a tag or a branch name of \(path).")
        }
        let result = try await git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        let hash = result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.succeeded, !hash.isEmpty else {
            if case .exited(let code) = result.status, code > 1 { throw git.failure(result) }
            var message =
                "unknown revision '\(revision)' in \(path): check the name (`git -C \(path) log -1 \(revision)`) "
                + "or fetch it (`git -C \(path) fetch origin`)."
            if isShallow {
                message +=
                    " The repository is a shallow clone; `git -C \(path) fetch --unshallow` gets the full history."
            }
            throw CulpritError.badInput(message)
        }
        return hash
    }

    /// Whether `ancestor` is an ancestor of `descendant` (a commit is its own ancestor).
    public func isAncestor(_ ancestor: String, of descendant: String) async throws -> Bool {
        let a = try await resolve(ancestor)
        let d = try await resolve(descendant)
        if a == d { return true }
        let result = try await git.run(["merge-base", "--is-ancestor", a, d])
        switch result.status {
        case .exited(0): return true
        case .exited(1): return false
        default: throw git.failure(result)
        }
    }

    /// The best common ancestor of `a` and `b`, or nil when their histories are unrelated.
    public func mergeBase(_ a: String, _ b: String) async throws -> String? {
        let x = try await resolve(a)
        let y = try await resolve(b)
        let result = try await git.run(["merge-base", x, y])
        switch result.status {
        case .exited(0):
            let hash = result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
            return hash.isEmpty ? nil : hash
        case .exited(1): return nil
        default: throw git.failure(result)
        }
    }

    /// Oldest git whose options Culprit uses (`rev-parse --path-format`, `--end-of-options`).
    static let minimumGitVersion = (2, 31)

    /// Why `git rev-parse` could not open `path`, and what to do.
    private static func openError(_ path: String, _ result: ProcessResult) async throws -> CulpritError {
        let said = result.tail(2).trimmingCharacters(in: .whitespacesAndNewlines)
        if result.errorText.contains("dubious ownership") {
            return .badInput(
                "\(path) belongs to another user and git refuses it. If you trust it, run "
                    + "`git config --global --add safe.directory \(path)` and retry.")
        }
        let version = try await ProcessRunner.run("git", ["version"], environment: Git.environment).outputText
        let numbers =
            version.split(separator: " ").dropFirst(2).first?.split(separator: ".").compactMap { Int($0) } ?? []
        if numbers.count >= 2, (numbers[0], numbers[1]) < minimumGitVersion {
            return .infrastructure(
                "\(version.trimmingCharacters(in: .whitespacesAndNewlines)) is too old: Culprit needs git "
                    + "\(minimumGitVersion.0).\(minimumGitVersion.1) or newer. Install a newer git and retry.")
        }
        return .badInput(
            "\(path) is not a git repository (git says: \(said)). "
                + "Give the path of a git clone with --repo, or create one with `git clone URL`.")
    }

    /// The commits in the repository's `shallow` file (their parents are missing).
    func shallowBoundary() -> Set<String> {
        guard isShallow, let text = try? String(contentsOfFile: gitDirectory + "/shallow", encoding: .utf8)
        else { return [] }
        return Set(text.split(whereSeparator: \.isWhitespace).map(String.init))
    }

    /// The error for a query that reached the edge of a shallow clone.
    func shallowError(_ what: String) -> CulpritError {
        .badInput(
            "\(path) is a shallow clone and lacks the history \(what) needs. Run "
                + "`git -C \(path) fetch --unshallow` (or clone without --depth) and start again.")
    }
}
