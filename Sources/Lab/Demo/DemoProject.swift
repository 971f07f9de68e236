import Foundation
import Model
import Support

/// A generated git repository of a small C program (an in-memory key-value cache) with a
/// planted bug, for `culprit demo` and the end-to-end tests.
///
/// The history has about 250 commits: 200 on the first-parent line, seven side branches
/// merged back, release tags v1.0 to v1.3, several authors with `Signed-off-by:` trailers
/// and a MAINTAINERS file. Planted in it:
/// - ``culprit``: GET writes a value out after a possible reclaim freed it, a
///   heap-use-after-free AddressSanitizer catches on about a third of the reproducer runs
///   (memory pressure is drawn from `/dev/urandom`);
/// - ``brokenCommits``: a rename that broke the build for five commits, then a fix;
/// - ``unrelatedCrashSince``: a heap-buffer-overflow in the latency histogram hit on about
///   2% of runs on every revision after it, a different bug than the one bisected.
public struct DemoProject: Sendable {
    /// Absolute path of the repository (work tree, `master` checked out).
    public var path: String
    /// Number of commits in the history.
    public var commitCount: Int
    /// The commit that introduced the use-after-free.
    public var culprit: String
    public var culpritTitle: String
    /// The first commit with the rare unrelated crash.
    public var unrelatedCrashSince: String
    /// The commits that fail to build.
    public var brokenCommits: [String]
    /// The tip of `master`: the revision where the crash was seen.
    public var head: String
    /// Release tag name to commit hash.
    public var releases: [String: String]

    /// The shell command that builds the program in a work tree (gcc with AddressSanitizer).
    public static let buildCommand =
        "gcc -std=gnu11 -g -O1 -fsanitize=address -fno-omit-frame-pointer -Wall -Iinclude -o kvcache src/*.c"
    /// The shell command that runs the reproducer once.
    public static let testCommand = "printf '\(DemoSources.reproducer)' | ./\(DemoSources.binary)"
    /// The build artifact, relative to the work tree.
    public static let artifact = DemoSources.binary

    /// Creates the repository at `path` (a new or empty directory). Same seed, same history.
    /// - Throws: `CulpritError.infrastructure` when git is missing or fails.
    public static func generate(at path: String, seed: UInt64 = 2026) async throws -> DemoProject {
        let history = DemoHistory(seed: seed)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let environment: [String: String?] = [
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
        ]
        try await git(["init", "-q", "-b", "master", path], in: nil, environment)
        let marksFile = path + "/.git/culprit-demo-marks"
        try await git(
            ["fast-import", "--quiet", "--export-marks=\(marksFile)"], in: path, environment,
            input: Array(fastImportStream(history).utf8))
        try await git(["reset", "-q", "--hard", "master"], in: path, environment)
        let marks = try String(contentsOfFile: marksFile, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: marksFile)
        var hashes: [Int: String] = [:]
        for line in marks.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let mark = Int(parts[0].dropFirst()) { hashes[mark] = String(parts[1]) }
        }
        func hash(_ mark: Int) throws -> String {
            guard let h = hashes[mark] else {
                throw CulpritError.infrastructure("git fast-import did not report commit :\(mark) of the demo")
            }
            return h
        }
        let broken = history.commits.filter { commit in
            commit.files["include/kvcache.h"]?.contains("nentries") == true
                && commit.files["src/stats.c"]?.contains("c->count") == true
        }
        var releases: [String: String] = [:]
        for tag in history.tags { releases[tag.name] = try hash(tag.mark) }
        return DemoProject(
            path: path, commitCount: history.commits.count, culprit: try hash(history.plan.culprit),
            culpritTitle: history.commits[history.plan.culprit - 1].title,
            unrelatedCrashSince: try hash(history.plan.unrelatedCrash),
            brokenCommits: try broken.map { try hash($0.mark) }, head: try hash(history.commits.count),
            releases: releases)
    }

    @discardableResult
    private static func git(
        _ arguments: [String], in directory: String?, _ environment: [String: String?], input: [UInt8] = []
    ) async throws -> ProcessResult {
        let result = try await ProcessRunner.run(
            "git", arguments, directory: directory, environment: environment, input: input,
            output: .capture(limit: 1 << 20))
        guard result.succeeded else {
            throw CulpritError.infrastructure(
                "git \(arguments.first ?? "") failed while creating the demo repository (\(result.status)): "
                    + result.tail(5))
        }
        return result
    }

    /// The history as a `git fast-import` stream: only files that differ from the first
    /// parent are written; every commit names its parents explicitly.
    static func fastImportStream(_ history: DemoHistory) -> String {
        var out = ""
        func data(_ text: String) {
            out += "data \(text.utf8.count)\n\(text)\n"
        }
        for commit in history.commits {
            out += "commit refs/heads/master\nmark :\(commit.mark)\n"
            out += "author \(commit.author.ident) \(commit.time) \(commit.zone)\n"
            let committed = commit.committer == commit.author ? commit.time : commit.time + 1200
            out += "committer \(commit.committer.ident) \(committed) +0100\n"
            data(commit.message)
            let parentFiles = commit.parents.first.map { history.commits[$0 - 1].files } ?? [:]
            if let first = commit.parents.first { out += "from :\(first)\n" }
            for other in commit.parents.dropFirst() { out += "merge :\(other)\n" }
            for path in parentFiles.keys.sorted() where commit.files[path] == nil { out += "D \(path)\n" }
            for (path, text) in commit.files.sorted(by: { $0.key < $1.key }) where parentFiles[path] != text {
                out += "M \(path.hasSuffix(".sh") ? "100755" : "100644") inline \(path)\n"
                data(text)
            }
            out += "\n"
        }
        for tag in history.tags {
            out += "tag \(tag.name)\nfrom :\(tag.mark)\n"
            out += "tagger \(DemoPeople.maria.ident) \(tag.time) +0100\n"
            data("kvcache \(tag.name.dropFirst())\n")
        }
        return out
    }
}
