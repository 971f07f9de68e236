import Foundation
import Model
import Support

/// A real git repository in a temporary directory, removed when the fixture goes away.
final class Fixture: Sendable {
    /// The repository's top level.
    let path: String
    /// The temporary directory holding it (and anything else a test makes).
    let root: String

    init(bare: Bool = false) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-vcs-\(UUID().uuidString)").path
        path = root + "/repo"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var arguments = ["init", "-q", "-b", "main"]
        if bare { arguments.append("--bare") }
        _ = try await git(arguments)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Runs git in the repository (or `directory`) with a fixed identity; fails on error.
    @discardableResult
    func git(_ arguments: [String], in directory: String? = nil, date: String = "2020-01-01T00:00:00Z") async throws
        -> String
    {
        let result = try await ProcessRunner.run(
            "git", arguments, directory: directory ?? path,
            environment: [
                "GIT_AUTHOR_NAME": "Ann Author", "GIT_AUTHOR_EMAIL": "ann@example.org",
                "GIT_COMMITTER_NAME": "Cid Committer", "GIT_COMMITTER_EMAIL": "cid@example.org",
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
    func commit(
        _ message: String, _ files: [String: String?] = [:], author: String? = nil,
        date: String = "2020-01-01T00:00:00Z"
    ) async throws -> String {
        for (name, content) in files {
            let file = path + "/" + name
            if let content {
                try FileManager.default.createDirectory(
                    atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path,
                    withIntermediateDirectories: true)
                try content.write(toFile: file, atomically: true, encoding: .utf8)
                try await git(["add", "--", name])
            } else {
                try await git(["rm", "-q", "--", name])
            }
        }
        var arguments = ["commit", "-q", "--allow-empty", "-m", message]
        if let author { arguments += ["--author", author] }
        try await git(arguments, date: date)
        return try await git(["rev-parse", "HEAD"])
    }

    /// A linear chain of `count` commits, each changing `file`; returns their hashes, oldest first.
    func chain(_ count: Int, prefix: String = "change", file: String = "file.txt") async throws -> [String] {
        var hashes: [String] = []
        for i in 0..<count {
            hashes.append(try await commit("\(prefix) \(i)", [file: "\(prefix) \(i)\n"]))
        }
        return hashes
    }

    func read(_ name: String, in directory: String? = nil) -> String? {
        try? String(contentsOfFile: (directory ?? path) + "/" + name, encoding: .utf8)
    }

    func write(_ name: String, _ content: String, in directory: String? = nil) throws {
        let file = (directory ?? path) + "/" + name
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try content.write(toFile: file, atomically: true, encoding: .utf8)
    }
}
