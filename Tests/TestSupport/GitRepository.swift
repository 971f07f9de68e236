import Foundation
import Model
import Support

/// A real git repository in a temporary directory, made with git commands with a fixed identity
/// and date and no user or system configuration. Removed by ``remove()`` or when it goes away.
public final class GitRepository: Sendable {
    /// The repository's top level (the repository itself when bare).
    public let path: String
    /// The temporary directory holding it (and anything else a test makes there).
    public let root: String
    /// Whether every commit also writes a file of its own (`changes/<message>.txt`), so that no
    /// commit is empty and branches merge cleanly.
    public let marksCommits: Bool
    /// Who authors and who commits, and when (unless a call gives another date).
    public let author: Identity
    public let committer: Identity
    public let date: String
    private let owned: Bool

    /// A name and an email address.
    public struct Identity: Sendable {
        public var name: String
        public var email: String
        public var formatted: String { "\(name) <\(email)>" }

        public static let ann = Identity(name: "Ann Author", email: "ann@example.org")
        public static let cid = Identity(name: "Cid Committer", email: "cid@example.org")
        public static let ada = Identity(name: "Ada Tester", email: "ada@example.com")
    }

    /// A new repository (branch `main`) in a new temporary directory.
    public init(
        bare: Bool = false, marksCommits: Bool = false, author: Identity = .ann, committer: Identity = .cid,
        date: String = "2020-01-01T00:00:00Z"
    ) async throws {
        root = try TestSupport.temporaryDirectory("git")
        path = root + "/repo"
        self.marksCommits = marksCommits
        self.author = author
        self.committer = committer
        self.date = date
        owned = true
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try await git(["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []))
    }

    /// The repository the driver tests bisect: every commit marks itself, Ada Tester authors and
    /// commits, on 2024-01-01.
    public static func scripted() async throws -> GitRepository {
        try await GitRepository(marksCommits: true, author: .ada, committer: .ada, date: "2024-01-01T00:00:00Z")
    }

    /// A repository that exists already (a clone); not removed when this goes away.
    public init(existing path: String) {
        self.path = path
        root = path
        marksCommits = true
        author = .ada
        committer = .ada
        date = "2024-01-01T00:00:00Z"
        owned = false
    }

    deinit { if owned { try? FileManager.default.removeItem(atPath: root) } }

    /// Removes the temporary directory.
    public func remove() { try? FileManager.default.removeItem(atPath: root) }

    @discardableResult
    public func git(_ arguments: String...) async throws -> String {
        try await git(arguments)
    }

    /// Runs git in the repository (or `directory`); fails on error; returns its output, trimmed.
    @discardableResult
    public func git(_ arguments: [String], in directory: String? = nil, date: String? = nil) async throws -> String {
        let date = date ?? self.date
        let result = try await ProcessRunner.run(
            "git", arguments, directory: directory ?? path,
            environment: [
                "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
                "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email,
                "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": "/dev/null",
                "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C",
            ])
        guard result.succeeded else {
            throw CulpritError.infrastructure("git \(arguments.joined(separator: " ")): \(result.tail())")
        }
        return result.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `files` (path -> content; nil deletes), commits them with `message`, returns the hash.
    @discardableResult
    public func commit(
        _ message: String, _ files: [String: String?] = [:], author: String? = nil, date: String? = nil
    ) async throws -> String {
        var all = files
        if marksCommits { all["changes/" + message.replacingOccurrences(of: " ", with: "-") + ".txt"] = message }
        for (name, content) in all {
            if let content {
                try write(name, content)
                try await git(["add", "--", name])
            } else {
                try? FileManager.default.removeItem(atPath: path + "/" + name)
                try await git(["rm", "-q", "--cached", "--ignore-unmatch", "--", name])
            }
        }
        var arguments = ["commit", "-q", "--allow-empty", "-m", message]
        if let author { arguments += ["--author", author] }
        try await git(arguments, date: date)
        return try await git(["rev-parse", "HEAD"])
    }

    /// A linear chain of `count` commits, each changing `file`; returns their hashes, oldest first.
    public func chain(_ count: Int, prefix: String = "change", file: String = "file.txt") async throws -> [String] {
        var hashes: [String] = []
        for i in 0..<count { hashes.append(try await commit("\(prefix) \(i)", [file: "\(prefix) \(i)\n"])) }
        return hashes
    }

    /// A linear history: commit i (`commit i`) gets the files `change(i)` returns; returns the hashes.
    public func linear(_ count: Int, from start: Int = 0, _ change: (Int) -> [String: String?] = { _ in [:] })
        async throws -> [String]
    {
        var hashes: [String] = []
        for i in start..<(start + count) { hashes.append(try await commit("commit \(i)", change(i))) }
        return hashes
    }

    /// The content of `name` in the work tree (or `directory`), nil when it cannot be read.
    public func read(_ name: String, in directory: String? = nil) -> String? {
        try? String(contentsOfFile: (directory ?? path) + "/" + name, encoding: .utf8)
    }

    /// Writes `content` to `name` in the work tree (or `directory`), making its directories.
    public func write(_ name: String, _ content: String, in directory: String? = nil) throws {
        let file = (directory ?? path) + "/" + name
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try content.write(toFile: file, atomically: true, encoding: .utf8)
    }
}
