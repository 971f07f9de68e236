import Bisect
import Build
import Foundation
import Instance
import Lab
import Model
import Support
import Synchronization

/// A real git repository in a temporary directory, made with git commands.
struct TestRepository {
    let path: String

    init() async throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("culprit-bisect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try await git("init", "-q", "-b", "main")
        try await git("config", "user.name", "Ada Tester")
        try await git("config", "user.email", "ada@example.com")
        try await git("config", "commit.gpgsign", "false")
    }

    /// A repository that exists already (e.g. a clone).
    init(existing path: String) {
        self.path = path
    }

    @discardableResult
    func git(_ arguments: String...) async throws -> String {
        try await git(arguments)
    }

    @discardableResult
    func git(_ arguments: [String]) async throws -> String {
        let r = try await ProcessRunner.run(
            "git", arguments, directory: path,
            environment: ["GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"])
        guard r.succeeded else { throw CulpritError.infrastructure("git \(arguments): \(r.errorText)") }
        return r.outputText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits with `files` written (nil content deletes the file); returns the hash.
    @discardableResult
    func commit(_ message: String, _ files: [String: String?] = [:]) async throws -> String {
        let fm = FileManager.default
        var all = files
        // Every commit changes something (a file of its own, so that branches merge cleanly).
        all["changes/" + message.replacingOccurrences(of: " ", with: "-") + ".txt"] = message
        for (name, content) in all {
            let full = path + "/" + name
            if let content {
                try fm.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try content.write(toFile: full, atomically: true, encoding: .utf8)
            } else if fm.fileExists(atPath: full) {
                try fm.removeItem(atPath: full)
            }
        }
        try await git("add", "-A")
        try await git("commit", "-q", "-m", message)
        return try await git("rev-parse", "HEAD")
    }

    /// A linear history: commit i gets the files `change(i)` returns; returns the hashes.
    func linear(_ count: Int, from start: Int = 0, _ change: (Int) -> [String: String?] = { _ in [:] }) async throws
        -> [String]
    {
        var hashes: [String] = []
        for i in start..<(start + count) { hashes.append(try await commit("commit \(i)", change(i))) }
        return hashes
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Builds by reading the checked-out files: `broken` present = build failure; the artifact's
/// signature is the content of `binary` (nil when absent).
final class ScriptedBuilder: Builder {
    let builds = Mutex<[String]>([])

    func describe(_ request: BuildRequest) async -> String { "scripted builder 1.0" }

    func build(_ request: BuildRequest) async throws -> BuildResult {
        builds.withLock { $0.append(request.commit) }
        let fm = FileManager.default
        if fm.fileExists(atPath: request.worktree + "/broken") {
            return BuildResult(
                status: .failed, firstError: "broken: error: this revision does not compile", logTail: "error",
                seconds: 0.01)
        }
        let signature = try? String(contentsOfFile: request.worktree + "/binary", encoding: .utf8)
        return BuildResult(
            status: .built, artifact: Artifact(directory: request.worktree, signature: signature), seconds: 0.01)
    }
}

/// Runs by reading the checked-out files: `bug` (or `Documentation/bug.txt`) holds the crash
/// probability of the bug; `noise` the probability of an unrelated crash; `untestable` makes
/// every run "cannot test", `infra` an infrastructure failure. Randomness is seeded by commit and run index, so a run's outcome is
/// the same whenever it is made; every (commit, run) made is remembered.
final class ScriptedTester: Tester {
    let seed: UInt64
    let title = "KASAN: use-after-free Read in parse_item"

    init(seed: UInt64 = 1) { self.seed = seed }
    let made = Mutex<[String]>([])

    func test(_ request: TestRequest, onRun: @escaping @Sendable (RunResult) throws -> Void) async throws
        -> [RunResult]
    {
        let read = { (name: String) -> Double? in
            (try? String(contentsOfFile: request.worktree + "/" + name, encoding: .utf8)).flatMap {
                Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let p = read("bug") ?? read("Documentation/bug.txt") ?? 0
        let q = read("noise") ?? 0
        let untestable = FileManager.default.fileExists(atPath: request.worktree + "/untestable")
        let broken = FileManager.default.fileExists(atPath: request.worktree + "/infra")
        var key: UInt64 = 0
        for b in request.commit.utf8 { key = key &* 31 &+ UInt64(b) }
        return try request.runs.map { index in
            made.withLock { $0.append("\(request.commit)#\(index)") }
            var rng = SplitMix64.derived(seed, key, UInt64(index))
            let outcome: RunOutcome
            if broken {
                outcome = .infrastructureFailure(reason: "qemu: could not allocate memory")
            } else if untestable {
                outcome = .cannotTest(reason: "exit status 125")
            } else if rng.unit() < p {
                outcome = .crashed(title: title, report: "BUG: \(title)\nCall Trace:\n parse_item+0x1/0x2\n")
            } else if rng.unit() < q {
                outcome = .crashed(title: "WARNING in unrelated_timer", report: nil)
            } else {
                outcome = .ok
            }
            let result = RunResult(index: index, outcome: outcome, seconds: 0.001)
            try onRun(result)
            return result
        }
    }
}

/// Collects the engine's events.
final class EventLog: Sendable {
    let lines = Mutex<[String]>([])
    let progress = Mutex<[BisectionProgress]>([])
    let events = Mutex<[JobEvent]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func record(_ event: JobEvent) {
        events.withLock { $0.append(event) }
        switch event {
        case .line(let l): lines.withLock { $0.append(l) }
        case .progress(let p): progress.withLock { $0.append(p) }
        default: break
        }
    }
}
