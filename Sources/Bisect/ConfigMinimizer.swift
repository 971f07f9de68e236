import BisectCore
import Build
import Foundation
import Model
import Support

/// Config minimization: from a big config that reproduces the crash on the bad revision, a much
/// smaller one that still does, found by delta debugging (ddmin) over the settings where the big
/// config differs from a small base config (a make target such as `tinyconfig` plus what boot and
/// the sanitizer need, after `olddefconfig`).
///
/// A candidate is the base with a subset of those settings, made complete by the build's
/// `olddefconfig`. It is built and run like a revision during the release walk
/// (``ReproductionCheck``): runs in batches until the bug's presence or absence is clear at a fifth
/// of the bisection's doubt, judged against the big config's own runs (the reference, which
/// defines how often the bug crashes), up to six times the base runs. Only a candidate that
/// *reproduces* with that confidence replaces the current config; one that does not, fails to
/// build, or stays undecided keeps the settings it lacked. So the result always reproduces with
/// the stated confidence, at worst less small than possible (never a confident wrong reduction),
/// and when the build budget runs out the smallest config shown to reproduce so far is the answer.
///
/// The base alone is tried first: a bug in code every config builds needs none of the big
/// config's settings, and then minimization costs two builds.
public struct ConfigMinimizer: Sendable {
    /// Builds the bad revision with a config (complete `.config` text; the build's `olddefconfig`
    /// fills in what it lacks); `label` names the candidate in logs. The artifact's `config` file
    /// must hold the config the build used, read before the next build.
    public typealias Build = @Sendable (_ config: String, _ label: String) async throws -> BuildResult
    /// Runs the reproducer on a build (run indexes `runs`), calling `onRun` as each run ends.
    public typealias Test = @Sendable (
        _ artifact: Artifact, _ runs: Range<Int>, _ label: String, _ onRun: @escaping @Sendable (RunResult) throws -> Void
    ) async throws -> [RunResult]

    /// How much to spend and how sure to be.
    public struct Settings: Sendable, Hashable {
        /// Base runs per build (as the bisection's `runs`).
        public var runs: Int
        /// The bisection's confidence; a candidate is called at a fifth of its doubt.
        public var confidence: Double
        /// Most builds in all, the big config's included.
        public var maxBuilds: Int

        public init(runs: Int = 8, confidence: Double = 0.95, maxBuilds: Int = 16) {
            self.runs = runs
            self.confidence = confidence
            self.maxBuilds = maxBuilds
        }
    }

    /// What one candidate showed.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        case reproduces(Double)
        case doesNotReproduce(Double)
        case undecided(Double)
        case buildFailed(String)
        case notTried(String)

        public var reproduces: Bool { if case .reproduces = self { true } else { false } }

        public var description: String {
            switch self {
            case .reproduces(let p): "reproduces (crash present with probability \(Self.percent(p)))"
            case .doesNotReproduce(let p): "does not reproduce (crash present with probability \(Self.percent(p)))"
            case .undecided(let p): "undecided after the run limit (crash present with probability \(Self.percent(p))): kept out"
            case .buildFailed(let error): "build failed: \(error)"
            case .notTried(let why): "not tried: \(why)"
            }
        }

        static func percent(_ p: Double) -> String { String(format: "%.1f%%", 100 * p) }
    }

    /// One candidate tried.
    public struct Trial: Sendable, Hashable {
        public var label: String
        /// The settings of the big config it has beyond the base.
        public var settings: [String]
        public var verdict: Verdict
        public var evidence: RevisionEvidence
    }

    /// The answer.
    public struct Outcome: Sendable {
        /// The minimized config (as the build completed it).
        public var config: String
        /// The big config as the build completed it.
        public var original: String
        /// Settings of the big config kept beyond the base (`CONFIG_X=y`, `# CONFIG_Y is not set`).
        public var kept: [String]
        /// Settings where the big config differs from the base.
        public var differing: Int
        public var trials: [Trial]
        /// The big config's runs: the reference.
        public var reference: RevisionEvidence
        public var builds: Int
        public var runs: Int
        /// Build seconds of the big config and of the minimized one (0 when taken from the journal).
        public var buildSeconds: (original: Double, minimized: Double)
        /// Whether ddmin ran to its end (else the build budget stopped it).
        public var complete: Bool

        /// Options set (not `n`) in a config's text.
        public static func optionCount(_ text: String) -> Int {
            KernelConfig(text: text).values.values.filter { $0 != "n" }.count
        }
    }

    public let settings: Settings
    let build: Build
    let test: Test
    let journal: Journal
    let line: @Sendable (String) -> Void

    public init(
        settings: Settings, journal: Journal, build: @escaping Build, test: @escaping Test,
        line: @escaping @Sendable (String) -> Void
    ) {
        self.settings = settings
        self.journal = journal
        self.build = build
        self.test = test
        self.line = line
    }

    /// Minimizes `big` (the reproducing config) against `base` (the base config, complete).
    /// - Throws: `CulpritError.badInput` when the big config does not reproduce the crash.
    public func minimize(big: String, base: String) async throws -> Outcome {
        var state = State()
        // 1. The reference: the big config, confirmed as the bisection confirms the bad revision.
        let bigKey = try await Self.digest(big)
        let options = BisectCore.Options(runs: settings.runs, confidence: settings.confidence)
        var reference = journal.evidence(bigKey)
        var bigArtifact: (artifact: Artifact, config: String)? = nil
        var originalSeconds = 0.0
        line("config minimization: building the full config (\(Outcome.optionCount(big)) options set)")
        while let more = Confirmation.moreRuns(after: reference, strategy: .bayes, options: options) {
            if bigArtifact == nil {
                guard let built = try await buildCandidate(big, key: bigKey, label: "full config", state: &state) else {
                    throw CulpritError.badInput(
                        "config minimization: the full config does not build on the bad revision "
                            + "(\(journal.buildFailure(bigKey) ?? "see the build log")); nothing to minimize")
                }
                bigArtifact = built
                originalSeconds = state.lastBuildSeconds
            }
            reference = try await runCandidate(
                bigArtifact!.artifact, key: bigKey, label: "full config", from: reference, count: more, state: &state)
        }
        guard reference.crashCount > 0 else {
            throw CulpritError.badInput(
                "config minimization: the full config does not reproduce the crash on the bad revision "
                    + "(\(reference.runs) runs, none crashed); check the reproducer, or bisect without minimizing")
        }
        let signature = Signature(reference)
        line("config minimization: the full config reproduces: \(reference.crashCount) of \(reference.runs) runs crashed "
            + "(\(signature.ranked.joined(separator: "; ")))")
        let original = bigArtifact?.config ?? big
        // 2. The settings to minimize: where the (completed) big config differs from the base.
        let baseValues = KernelConfig(text: base).values
        let bigValues = KernelConfig(text: original).values
        let delta = Set(baseValues.keys).union(bigValues.keys).sorted().compactMap { key -> String? in
            let value = bigValues[key] ?? "n"
            guard value != (baseValues[key] ?? "n") else { return nil }
            return value == "n" ? "# \(key) is not set" : "\(key)=\(value)"
        }
        line("config minimization: \(delta.count) settings differ from the base config "
            + "(\(Outcome.optionCount(base)) options set in the base, \(Outcome.optionCount(original)) in the full config)")
        var best = (settings: delta, config: original)
        var minimizedSeconds = originalSeconds
        // 3. ddmin, the base alone first.
        func tryCandidate(_ subset: [String], _ label: String) async throws -> Bool {
            var candidate = KernelConfig(text: base)
            candidate.merge(KernelConfig(text: subset.joined(separator: "\n")))
            let (verdict, evidence, completed) = try await self.check(
                candidate.text, label: label, reference: reference, signature: signature, state: &state)
            state.trials.append(Trial(label: label, settings: subset, verdict: verdict, evidence: evidence))
            line("config minimization: \(label) (\(subset.count) of \(delta.count) settings): \(verdict)")
            if verdict.reproduces, subset.count <= best.settings.count {
                best = (subset, completed ?? candidate.text)
                minimizedSeconds = state.lastBuildSeconds
            }
            return verdict.reproduces
        }
        var complete = true
        var current = delta
        if delta.isEmpty {
            line("config minimization: the full config is the base config")
        } else if try await tryCandidate([], "candidate 1: the base config alone") {
            current = []
        } else {
            var n = 2
            search: while current.count >= 2 {
                guard state.builds < settings.maxBuilds else {
                    complete = false
                    break
                }
                let chunks = Self.split(current, into: n)
                for (i, chunk) in chunks.enumerated() {
                    if try await tryCandidate(chunk, "candidate \(state.trials.count + 1): part \(i + 1) of \(n)") {
                        current = chunk
                        n = 2
                        continue search
                    }
                }
                if n > 2 {
                    for (i, chunk) in chunks.enumerated() {
                        let complement = current.filter { !chunk.contains($0) }
                        if try await tryCandidate(complement, "candidate \(state.trials.count + 1): all but part \(i + 1) of \(n)") {
                            current = complement
                            n = max(n - 1, 2)
                            continue search
                        }
                    }
                }
                if n >= current.count { break }
                n = min(current.count, 2 * n)
            }
            if state.builds >= settings.maxBuilds && current.count >= 2 { complete = false }
        }
        if !complete {
            line("config minimization: stopped at the build budget (\(settings.maxBuilds) builds): "
                + "the smallest config shown to reproduce is used")
        }
        let outcome = Outcome(
            config: best.config, original: original, kept: best.settings, differing: delta.count, trials: state.trials,
            reference: reference, builds: state.builds, runs: state.runs,
            buildSeconds: (originalSeconds, minimizedSeconds), complete: complete)
        line("config minimization: \(Outcome.optionCount(original)) options set before, "
            + "\(Outcome.optionCount(best.config)) after; \(best.settings.count) of \(delta.count) differing settings kept"
            + (best.settings.isEmpty ? "" : " (\(best.settings.prefix(8).joined(separator: ", "))"
                + (best.settings.count > 8 ? ", ..." : "") + ")")
            + "; \(state.builds) builds, \(state.runs) runs")
        return outcome
    }

    struct State {
        var builds = 0
        var runs = 0
        var trials: [Trial] = []
        var lastBuildSeconds = 0.0
    }

    /// `items` in `n` contiguous parts of near-equal size (fewer when there are fewer items).
    static func split(_ items: [String], into n: Int) -> [[String]] {
        let parts = max(1, min(n, items.count))
        var result: [[String]] = []
        var start = 0
        for i in 0..<parts {
            let end = start + (items.count - start) / (parts - i)
            result.append(Array(items[start..<end]))
            start = end
        }
        return result
    }

    /// The verdict on one candidate config, with its runs and the config its build completed.
    private func check(
        _ text: String, label: String, reference: RevisionEvidence, signature: Signature, state: inout State
    ) async throws -> (Verdict, RevisionEvidence, String?) {
        let key = try await Self.digest(text)
        if let failure = journal.buildFailure(key) { return (.buildFailed(failure), RevisionEvidence(), nil) }
        var evidence = journal.evidence(key)
        var built: (artifact: Artifact, config: String)? = nil
        while true {
            let decision = ReproductionCheck.decide(
                evidence, reference: reference, signature: signature, runs: settings.runs,
                confidence: settings.confidence)
            switch decision {
            case .present(let p): return (.reproduces(p), evidence, built?.config)
            case .absent(let p): return (.doesNotReproduce(p), evidence, built?.config)
            case .undecided(let p): return (.undecided(p), evidence, built?.config)
            case .more(let count):
                if built == nil {
                    guard state.builds < settings.maxBuilds else {
                        return (.notTried("the build budget (\(settings.maxBuilds)) is spent"), evidence, nil)
                    }
                    guard let result = try await buildCandidate(text, key: key, label: label, state: &state) else {
                        return (.buildFailed(journal.buildFailure(key) ?? "build failed"), evidence, nil)
                    }
                    built = result
                }
                evidence = try await runCandidate(
                    built!.artifact, key: key, label: label, from: evidence, count: count, state: &state)
            }
        }
    }

    /// Builds a candidate; nil (recorded) when the build failed.
    private func buildCandidate(
        _ text: String, key: String, label: String, state: inout State
    ) async throws -> (artifact: Artifact, config: String)? {
        state.builds += 1
        let result = try await build(text, label)
        state.lastBuildSeconds = result.seconds
        guard result.status == .built, let artifact = result.artifact else {
            let error = result.firstError ?? "build failed"
            try journal.recordFailedBuild(key, error: error)
            line("config minimization: \(label): build failed: \(error)")
            return nil
        }
        let completed = artifact.files["config"].flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? text
        line("config minimization: \(label): built in \(Int(result.seconds.rounded())) s "
            + "(\(Outcome.optionCount(completed)) options set)")
        return (artifact, completed)
    }

    /// Runs a candidate `count` more times, recording each run as it ends.
    private func runCandidate(
        _ artifact: Artifact, key: String, label: String, from evidence: RevisionEvidence, count: Int,
        state: inout State
    ) async throws -> RevisionEvidence {
        let journal = self.journal
        let results = try await test(artifact, evidence.runs..<(evidence.runs + count), label) { run in
            try journal.recordRun(key, run.outcome)
        }
        state.runs += results.count
        var updated = evidence
        for result in results { updated.add(result.outcome) }
        let crashed = results.filter { if case .crashed = $0.outcome { true } else { false } }.count
        line("config minimization: \(label): \(results.count) runs, \(crashed) crashed")
        return updated
    }

    /// The SHA-256 of a config text (its journal name).
    static func digest(_ text: String) async throws -> String { try await BuildLog.sha256(text: text) }
}
