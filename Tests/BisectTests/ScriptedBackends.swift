import Bisect
import Build
import Foundation
import Instance
import Lab
import Model
import Support
import Synchronization

/// Builds by reading the checked-out files: `broken` present = build failure; `config-dropped`
/// (`CONFIG_A CONFIG_B`) = a failed build whose configuration dropped those requested options;
/// the artifact's signature is the content of `binary` (nil when absent).
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
        if let dropped = try? String(contentsOfFile: request.worktree + "/config-dropped", encoding: .utf8) {
            // A kernel build whose olddefconfig dropped the options named in the file.
            var result = BuildResult(
                status: .failed, firstError: "config settings not honoured", logTail: "", seconds: 0.01)
            result.configNotHonoured = dropped.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            return result
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
