import BisectCore
import Build
import Foundation
import Instance
import Model
import Support
import VCS

extension BisectionSession {
    /// Ends the bisection: checks the answer, finds recipients, logs the last lines.
    mutating func finish(_ conclusion: BisectCore.Conclusion) async throws -> BisectionResult {
        try enter(.checking)
        guard let core else { throw CulpritError.infrastructure("the bisection ended before it started") }
        var warnings: [String] = []
        var recipients: Recipients?
        var culprit: Commit?
        if let node = conclusion.culprit {
            let commit = try await repository.commit(core.dag.ids[node])
            culprit = commit
            warnings = try await self.warnings(for: commit)
            do {
                recipients = try await repository.recipients(for: commit.hash)
            } catch {
                warnings.append("could not list the recipients: \(error)")
            }
        }
        if conclusion.outcome == .inconclusive {
            warnings.append("no single commit reached \(BisectionLog.percent(config.confidence)): \(conclusion.reason)")
        }
        var result = result(
            outcome: conclusion.outcome == .found ? .found : .inconclusive, conclusion: conclusion,
            reason: conclusion.reason)
        if let culprit {
            // The culprit's own compiler (a kernel job's follows each revision's version): the
            // last revision described may be another version, or none on a resumed job.
            let described = await job.builder.describe(
                BuildRequest(commit: culprit.hash, worktree: worktree.path, outputDirectory: stateDirectory))
            if !described.isEmpty { result.compiler = described }
        }
        result.culprit = culprit.map {
            BisectionResult.CulpritCommit(
                hash: $0.hash, title: $0.title, author: "\($0.authorName) <\($0.authorEmail)>")
        }
        result.warnings = warnings + result.warnings
        result.recipients = recipients
        logSummary(result, core: core)
        return result
    }

    /// A result with the job's counts and the crash; the caller fills in what it knows.
    func result(
        outcome: BisectionResult.Outcome, conclusion: BisectCore.Conclusion?, reason: String
    ) -> BisectionResult {
        var candidates: [BisectionResult.Candidate] = []
        for c in conclusion?.candidates ?? [] {
            let hash = core?.dag.ids[c.node] ?? ""
            candidates.append(.init(hash: hash, title: titles[hash] ?? "", probability: c.probability))
        }
        var result = BisectionResult(
            outcome: outcome, mode: config.mode, strategy: config.strategy, culprit: nil, candidates: candidates,
            confidence: conclusion?.confidence ?? 0, revisionsTested: journal.revisionsTested,
            builds: journal.builds.count, testRuns: journal.runs.count, buildSeconds: journal.buildSeconds,
            testSeconds: journal.testSeconds,
            crash: crashSummary(), recipients: nil, warnings: configWarnings(), oldestReleaseTested: nil, reason: reason,
            stateDirectory: stateDirectory)
        result.badCommit = bad
        result.goodCommit = good
        result.compiler = toolchain.flatMap { $0.isEmpty ? nil : $0 }
        result.config = config.kernelConfig
        result.logPath = fullLog.path
        if outcome == .noCleanRelease { result.oldestReleaseTested = oldestRelease }
        if outcome == .notReproducible || outcome == .noCleanRelease { logTotals(result) }
        return result
    }

    /// A warning naming the revisions skipped because their configuration dropped options the
    /// job asks for (``BuildResult/configNotHonoured``), when there are any.
    func configWarnings() -> [String] {
        var seen: Set<String> = []
        let skipped = journal.builds.compactMap { build -> String? in
            guard let options = build.result.configNotHonoured, !options.isEmpty, seen.insert(build.commit).inserted
            else { return nil }
            return "\(build.commit.prefix(12)) (\(options.joined(separator: ", ")))"
        }
        guard !skipped.isEmpty else { return [] }
        return [
            "\(skipped.count) revision(s) skipped because their kernel config lacked settings the job asks for "
                + "(olddefconfig dropped them): " + skipped.joined(separator: ", ")
        ]
    }

    /// The bug's most frequent title on the bad revision, with a report of it.
    func crashSummary() -> BisectionResult.CrashSummary? {
        guard let title = signature.ranked.first else { return nil }
        var report: String?
        for r in journal.runs(of: bad) {
            if case .crashed(let t, let text?) = r.outcome, t == title {
                report = text
                break
            }
        }
        return BisectionResult.CrashSummary(title: title, report: report)
    }

    func logTotals(_ r: BisectionResult) {
        line(
            "revisions tested: \(r.revisionsTested), total time: \(BisectionLog.duration(r.buildSeconds + r.testSeconds)) "
                + "(build: \(BisectionLog.duration(r.buildSeconds)), test: \(BisectionLog.duration(r.testSeconds)))")
    }

    func logSummary(_ r: BisectionResult, core: BisectCore) {
        logTotals(r)
        let which = config.mode == .cause ? "bad" : "good"
        if let c = r.culprit {
            line("first \(which) commit: \(c.hash) \(c.title)")
            // A git-bisect rule gives no probability: no confidence line rather than a made-up 100%.
            if core.strategy == .bayes {
                line(
                    "confidence: \(BisectionLog.percent(r.confidence))"
                        + String(format: " (crash probability per run about %.2f)", core.estimatedCrashProbability()))
            }
        } else {
            line("the first \(which) commit could be any of:")
            for c in r.candidates {
                line("\(c.hash) \(BisectionLog.percent(c.probability)) \(c.title)")
            }
        }
        for w in r.warnings { line("warning: \(w)") }
        if let recipients = r.recipients { line(BisectionLog.cc(recipients)) }
        if let crash = r.crash {
            line("crash: \(crash.title)")
            if let report = crash.report { line(report) }
        }
    }

    // MARK: - Reasons to distrust the answer

    mutating func warnings(for commit: Commit) async throws -> [String] {
        let noun = config.mode == .cause ? "culprit" : "fix"
        var warnings: [String] = []
        if commit.isMerge {
            warnings.append(
                "the \(noun) is a merge commit: the change may come from how the branches combine, or untestable "
                    + "commits on a branch misled the bisection")
        }
        if !commit.files.isEmpty && commit.files.allSatisfy(Self.isDocumentation) {
            warnings.append(
                "the \(noun) only changes documentation (\(commit.files.prefix(5).joined(separator: ", ")))")
        } else if !commit.isMerge, try await changesOnlyComments(commit.hash) {
            warnings.append("the \(noun) only changes comments or blank lines")
        }
        if let signature = journal.build(of: commit.hash)?.artifact?.signature, let parent = commit.parents.first {
            var parentBuild = journal.build(of: parent)
            if parentBuild?.artifact?.signature == nil && parentBuild?.status != .failed {
                line("building the parent \(parent) to compare build artifacts")
                parentBuild = try await ensureBuilt(parent).result
                core?.countExternal(builds: 1)
            }
            if let p = parentBuild?.artifact?.signature, p == signature {
                warnings.append(
                    "the \(noun)'s build artifact is identical to its parent's (\(signature.prefix(16))): the commit "
                        + "does not change what was tested")
            }
        }
        return warnings
    }

    static func isDocumentation(_ path: String) -> Bool {
        let lower = path.lowercased()
        let name = (lower as NSString).lastPathComponent
        if lower.hasPrefix("documentation/") || lower.hasPrefix("docs/") || lower.hasPrefix("doc/") { return true }
        for ext in [".md", ".rst", ".txt", ".adoc", ".html", ".texi", ".pod"] where name.hasSuffix(ext) { return true }
        for base in ["readme", "license", "copying", "credits", "authors", "news", "changes", "changelog"]
        where name == base || name.hasPrefix(base + ".") {
            return true
        }
        return false
    }

    /// Whether every changed line of `commit` is blank or a comment (C-like or `#` languages).
    func changesOnlyComments(_ commit: String) async throws -> Bool {
        let changes: [FileChange]
        do {
            changes = try await repository.changes(of: commit)
        } catch {
            return false
        }
        var sawChange = false
        for change in changes {
            let name = (change.path as NSString).lastPathComponent
            let ext = (name as NSString).pathExtension
            let hash =
                ["py", "sh", "mk", "pl", "rb", "yaml", "yml", "toml", "cmake", "conf"].contains(ext)
                || name.hasPrefix("Makefile") || name.hasPrefix("Kconfig") || name == "CMakeLists.txt"
            if !hash
                && !["c", "h", "cc", "cpp", "hpp", "cxx", "go", "rs", "swift", "java", "js", "ts", "m", "S"]
                    .contains(ext)
                && !Self.isDocumentation(change.path)
            {
                return false  // a language whose comments we do not know
            }
            for line in change.added + change.removed {
                sawChange = true
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.isEmpty { continue }
                let comment =
                    hash
                    ? code.hasPrefix("#")
                    : code.hasPrefix("//") || code.hasPrefix("/*") || code.hasPrefix("*") || code.hasSuffix("*/")
                if !comment { return false }
            }
        }
        return sawChange
    }
}
