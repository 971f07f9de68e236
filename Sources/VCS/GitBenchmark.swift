import Foundation
import Model
import Support

/// Times the git operations of a bisection step on a generated repository of `commits`
/// commits (default 200,000), first without and then with a commit-graph file.
///
/// The repository is generated once with `git fast-import` and cached under `directory`
/// (default: the temporary directory), so later runs only measure.
public struct GitBenchmark: Sendable {
    /// One measured operation.
    public struct Figure: Sendable, Hashable {
        /// What was measured, e.g. `graph(bad, good) ~2k-commit range`.
        public var operation: String
        /// Median wall-clock time of the runs, in seconds.
        public var seconds: Double
        /// Extra facts (commit counts, runs).
        public var detail: String
    }

    public var commits: Int
    public var directory: String
    public var runs: Int
    public var fresh: Bool

    /// - Parameters:
    ///   - commits: size of the generated history.
    ///   - directory: cache directory for the generated repository.
    ///   - runs: repetitions per operation (the median is reported).
    ///   - fresh: regenerate even when a cached repository exists.
    public init(commits: Int = 200_000, directory: String? = nil, runs: Int = 5, fresh: Bool = false) {
        self.commits = commits
        self.directory =
            directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("culprit-bench-git-\(commits)-v2").path
        self.runs = max(1, runs)
        self.fresh = fresh
    }

    var repositoryPath: String { directory + "/repo.git" }
    var marker: String { directory + "/generated" }

    /// Generates (or reuses) the repository and measures; `report` gets each figure as it is made.
    public func run(_ report: @Sendable (Figure) -> Void) async throws -> [Figure] {
        var figures: [Figure] = []
        func add(_ figure: Figure) {
            figures.append(figure)
            report(figure)
        }
        for figure in try await prepare() { add(figure) }
        let repo = try await Repository(path: repositoryPath)
        try removeCommitGraph()
        for figure in try await measureQueries(repo, label: "no commit-graph") { add(figure) }
        let (written, _) = try await time { try await repo.writeCommitGraph() }
        add(Figure(operation: "git commit-graph write --reachable", seconds: written, detail: "once"))
        for figure in try await measureQueries(repo, label: "commit-graph") { add(figure) }
        for figure in try await measureWorktree(repo) { add(figure) }
        return figures
    }

    /// Generates the repository unless a complete cached one exists.
    func prepare() async throws -> [Figure] {
        let fm = FileManager.default
        if !fresh, let text = try? String(contentsOfFile: marker, encoding: .utf8) {
            return [
                Figure(
                    operation: "generate repository",
                    seconds: Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0,
                    detail: "cached at \(repositoryPath)")
            ]
        }
        try? fm.removeItem(atPath: directory)
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let started = ContinuousClock.now
        let init_ = try await ProcessRunner.run(
            "git", ["init", "-q", "--bare", "-b", "main", repositoryPath], environment: Git.environment)
        guard init_.succeeded else { throw CulpritError.infrastructure("git init: \(init_.tail())") }
        let stream = directory + "/history.fi"
        let (streamSeconds, count) = try await time {
            try GitBenchmark.writeStream(Shape(commits: commits), to: stream)
        }
        let size = (try? fm.attributesOfItem(atPath: stream)[.size] as? Int) ?? 0
        let (importSeconds, _) = try await time { try await GitBenchmark.importStream(stream, into: repositoryPath) }
        try? fm.removeItem(atPath: stream)
        let total = (ContinuousClock.now - started).seconds
        try String(total).write(toFile: marker, atomically: true, encoding: .utf8)
        let megabytes = Double(size) / 1_048_576
        return [
            Figure(
                operation: "write fast-import stream", seconds: streamSeconds,
                detail: "\(count) commits, \(String(format: "%.0f", megabytes)) MB"),
            Figure(operation: "git fast-import", seconds: importSeconds, detail: "\(count) commits"),
            Figure(operation: "generate repository", seconds: total, detail: "cached at \(repositoryPath)"),
        ]
    }

    /// Feeds the fast-import stream file `stream` to `git fast-import` in `repository`.
    static func importStream(_ stream: String, into repository: String) async throws {
        // fast-import reads only standard input; the file's path is an argument of the shell,
        // never part of its command line.
        let result = try await ProcessRunner.run(
            "/bin/sh", ["-c", "exec git fast-import --quiet --done < \"$1\"", "sh", stream], directory: repository,
            environment: Git.environment)
        guard result.succeeded else { throw CulpritError.infrastructure("git fast-import failed: \(result.tail())") }
    }

    /// Deletes the commit-graph files so the first round measures a repository without them.
    func removeCommitGraph() throws {
        let info = repositoryPath + "/objects/info"
        for name in ["commit-graph", "commit-graphs"] { try? FileManager.default.removeItem(atPath: info + "/" + name) }
    }

    /// The read-only queries of a bisection step.
    func measureQueries(_ repo: Repository, label: String) async throws -> [Figure] {
        var figures: [Figure] = []
        func measure(_ name: String, detail: String = "", _ body: () async throws -> String?) async throws {
            var times: [Double] = []
            var fact: String? = nil
            for _ in 0..<runs {
                let (seconds, result) = try await time(body)
                times.append(seconds)
                fact = result
            }
            let facts = [fact, detail.isEmpty ? nil : detail, "\(runs) runs", label].compactMap { $0 }
            figures.append(Figure(operation: name, seconds: median(times), detail: facts.joined(separator: ", ")))
        }
        let head = try await repo.resolve("HEAD")
        let tags = try await repo.releases(before: head)
        guard tags.count > 2 else { throw CulpritError.infrastructure("the generated repository has too few releases") }
        let lastMerge = try await repo.git.text(["rev-list", "--merges", "-1", head])
        let topicTip = try await repo.resolve(lastMerge + "^2")
        try await measure("open repository") {
            _ = try await Repository(path: repositoryPath); return nil
        }
        try await measure("resolve(tag)") {
            _ = try await repo.resolve(tags[0].name); return nil
        }
        try await measure("resolve(hash prefix)") {
            _ = try await repo.resolve(String(head.prefix(12))); return nil
        }
        try await measure("commit(metadata)") { "\(try await repo.commit(topicTip).files.count) files" }
        try await measure("commit(metadata) of a merge") { "\(try await repo.commit(lastMerge).files.count) files" }
        try await measure("isAncestor(oldest release, HEAD)") {
            "\(try await repo.isAncestor(tags[tags.count - 1].commit, of: head))"
        }
        try await measure("isAncestor(HEAD, latest release)") {
            "\(try await repo.isAncestor(head, of: tags[0].commit))"
        }
        try await measure("mergeBase(HEAD, topic tip)") {
            _ = try await repo.mergeBase(head, topicTip); return nil
        }
        let ranges: [(String, String, [String])] = [
            ("topic tip ~10", topicTip, [topicTip + "~10"]),
            ("topic tip ~90", topicTip, [topicTip + "~90"]),
            ("1-release range", head, [tags[0].commit]),
            ("5-release range", head, [tags[min(4, tags.count - 1)].commit]),
            ("50-release range", head, [tags[min(49, tags.count - 1)].commit]),
            ("whole history", head, []),
        ]
        for (name, bad, good) in ranges {
            try await measure("graph(bad, good) \(name)") {
                "\(try await repo.graph(bad: bad, good: good).count) commits"
            }
            if good.count != 1 || name.hasPrefix("50") {
                try await measure("graph(bad, good, titles: false) \(name)") {
                    "\(try await repo.graph(bad: bad, good: good, titles: false).count) commits"
                }
            }
        }
        // The same whole-history query split: git's output alone, then parsing it.
        let logArguments = ["log", "--no-color", "--topo-order", "--reverse", "-z", "--format=%H %P%x00%s", head, "--"]
        var logOutput: [UInt8] = []
        try await measure("  of which git log + capture, whole history") {
            logOutput = try await repo.git.output(logArguments)
            return "\(logOutput.count / 1024) KiB"
        }
        try await measure("  of which parsing, whole history") {
            "\(Repository.parseGraph(logOutput, titles: true).count) commits"
        }
        try await measure("releaseTags()") { "\(try await repo.releaseTags().count) tags" }
        try await measure("releases(before: HEAD)") { "\(try await repo.releases(before: head).count) releases" }
        try await measure("recipients(for: commit)") { "\(try await repo.recipients(for: topicTip).all.count) people" }
        try await measure("recipients(for: merge)") { "\(try await repo.recipients(for: lastMerge).all.count) people" }
        return figures
    }

    /// Work-tree creation and checkouts (full, nearby, far, same commit).
    func measureWorktree(_ repo: Repository) async throws -> [Figure] {
        let path = directory + "/worktree"
        try? FileManager.default.removeItem(atPath: path)
        _ = try await repo.git.output(["worktree", "prune"])
        let head = try await repo.resolve("HEAD")
        let old = try await repo.releases(before: head).last!.commit
        var figures: [Figure] = []
        let (created, worktree) = try await time { try await repo.worktree(at: path) }
        figures.append(Figure(operation: "worktree(at:) create", seconds: created, detail: "once"))
        let (first, _) = try await time { try await worktree.checkout(head) }
        figures.append(Figure(operation: "checkout: first, full tree", seconds: first, detail: "once"))
        var near: [Double] = []
        var far: [Double] = []
        var same: [Double] = []
        for i in 0..<runs {
            near.append(try await time { try await worktree.checkout(head + "~\(i % 2 + 1)") }.0)
            far.append(try await time { try await worktree.checkout(i % 2 == 0 ? old : head) }.0)
            same.append(try await time { try await worktree.checkout(i % 2 == 0 ? old : head) }.0)
        }
        figures.append(Figure(operation: "checkout: nearby commit", seconds: median(near), detail: "\(runs) runs"))
        figures.append(
            Figure(operation: "checkout: oldest release <-> HEAD", seconds: median(far), detail: "\(runs) runs"))
        figures.append(Figure(operation: "checkout: same commit again", seconds: median(same), detail: "\(runs) runs"))
        try "stale".write(toFile: worktree.gitDirectory + "/index.lock", atomically: false, encoding: .utf8)
        let (recovered, _) = try await time { try await worktree.checkout(head) }
        figures.append(
            Figure(operation: "checkout: recovery from a stale index.lock", seconds: recovered, detail: "once"))
        return figures
    }

    private func time<T>(_ body: () async throws -> T) async throws -> (Double, T) {
        let start = ContinuousClock.now
        let value = try await body()
        return ((ContinuousClock.now - start).seconds, value)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

