import Bisect
import JobConfig
import Foundation
import Model
import Support
import Yams

/// A job spec as the service takes it: the same YAML (or JSON, which YAML reads too) as
/// `culprit bisect --job`, with the repository given as a git URL or an absolute path, since a
/// worker on another machine fetches it into its own mirror.
public struct ServiceJob: Sendable, Equatable {
    /// The spec text as submitted.
    public var spec: String
    /// `repo:` as written: a URL (`https://`, `git://`, `ssh://`, `file://`, `user@host:path`) or an absolute path.
    public var repository: String
    /// `bad:` as written.
    public var bad: String
    /// `command` or `kernel`.
    public var backend: String
    /// The settings (paths other than the repository resolve against `/`).
    public var job: BisectJob

    /// Settings that name files on the submitting machine, which a service job cannot use.
    static let localKeys = ["json", "state"]

    /// Reads and checks a spec; every problem at once, as `CulpritError.badInput`.
    public init(spec: String) throws {
        guard spec.utf8.count <= 1 << 20 else {
            throw CulpritError.badInput("the job spec is larger than 1 MiB")
        }
        var job = try JobFile.parse(spec, name: "job", relativeTo: "/")
        let raw = (try? Yams.load(yaml: spec)) as? [String: Any] ?? [:]
        var problems: [String] = []
        let repository = (raw["repo"] as? String)?.trimmingCharacters(in: .whitespaces) ?? ""
        if repository.isEmpty {
            problems.append("no repository: give 'repo:' as a git URL or an absolute path on the workers")
        } else if !Self.isURL(repository) && !repository.hasPrefix("/") {
            problems.append(
                "repo '\(repository)' is a relative path: give a git URL or an absolute path that the workers can read")
        }
        for key in Self.localKeys where raw[key] != nil {
            problems.append("'\(key):' names a file on your machine: leave it out, the service keeps the job's results")
        }
        job.repository = "/"
        job.json = nil
        job.stateDirectory = nil
        let missing = job.problems().filter { !$0.contains("repository") }
        problems += missing
        guard problems.isEmpty else {
            throw CulpritError.badInput(
                problems.count == 1
                    ? problems[0] : "the job has \(problems.count) problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
        self.spec = spec
        self.repository = repository
        self.bad = job.bad ?? "HEAD"
        backend = job.backend.map { type(of: $0).kind } ?? "command"
        self.job = job
    }

    /// Whether `text` names a remote (or file://) repository rather than a local path.
    static func isURL(_ text: String) -> Bool {
        if text.contains("://") { return true }
        // scp-like syntax: user@host:path
        if let colon = text.firstIndex(of: ":"), !text.hasPrefix("/"), text[..<colon].contains("@") { return true }
        return false
    }
}
