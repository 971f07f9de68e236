import Foundation
import Model
import Support

/// The build fixes a job uses: Culprit's own (``builtIn``, the `KernelFixes` resource) and the
/// job's (`fixes:` files or directories), and their selection and application per revision.
public struct BuildFixSet: Sendable, Hashable {
    public var fixes: [BuildFix]

    public init(fixes: [BuildFix]) {
        self.fixes = fixes
    }

    /// Reads every `*.patch` / `*.fix` file of the directories and the files in `paths`.
    /// - Throws: `CulpritError.badInput` for a path that does not exist or a bad fix file.
    public static func load(_ paths: [String]) throws -> BuildFixSet {
        var fixes: [BuildFix] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CulpritError.badInput("the build fix \(path) does not exist: check the job's fixes")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                for name in names.sorted() where name.hasSuffix(".patch") || name.hasSuffix(".fix") {
                    fixes.append(try BuildFix(path: path + "/" + name))
                }
            } else {
                fixes.append(try BuildFix(path: path))
            }
        }
        return BuildFixSet(fixes: fixes)
    }

    /// The fixes of a job's build settings: the built-in ones (unless turned off) and the job's.
    public static func load(for settings: KernelBuildSettings) throws -> BuildFixSet {
        var paths: [String] = []
        if settings.builtInFixes, let builtIn = builtInDirectory { paths.append(builtIn) }
        return try load(paths + settings.fixes)
    }

    /// The directory of Culprit's built-in fixes (the `KernelFixes` resource), when present.
    public static var builtInDirectory: String? {
        Bundle.module.resourceURL.map { $0.appendingPathComponent("KernelFixes").path }
            .flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// Whether `revision` (default: the checkout at `tree`, a git work tree), of kernel
    /// `version`, needs `fix`.
    public static func need(
        _ fix: BuildFix, tree: String, revision: String = "HEAD", version: KernelVersion?
    ) async throws -> BuildFix.Need {
        func known(_ commit: String) async throws -> Bool {
            try await ProcessRunner.run(
                "git", ["-C", tree, "cat-file", "-e", commit + "^{commit}"], timeout: .seconds(60)
            ).succeeded
        }
        func contained(_ commit: String) async throws -> Bool {
            let result = try await ProcessRunner.run(
                "git", ["-C", tree, "merge-base", "--is-ancestor", commit, revision], timeout: .seconds(300))
            switch result.status {
            case .exited(0): return true
            case .exited(1): return false
            default:
                throw CulpritError.infrastructure("git merge-base --is-ancestor in \(tree) failed: \(result.tail(3))")
            }
        }
        var byCommit: Bool? = nil
        var unknownCommits: [String] = []
        if let until = fix.unneededFrom {
            if try await known(until) {
                if try await contained(until) { return .notNeeded("the revision has \(until.prefix(12))") }
                byCommit = true
            } else {
                unknownCommits.append(until)
            }
        }
        if let from = fix.neededFrom {
            if try await known(from) {
                if !(try await contained(from)) { return .notNeeded("the revision predates \(from.prefix(12))") }
                byCommit = true
            } else {
                unknownCommits.append(from)
            }
        }
        if unknownCommits.isEmpty, byCommit == true || (fix.neededFrom == nil && fix.unneededFrom == nil
            && fix.neededFromVersion == nil && fix.unneededFromVersion == nil)
        {
            return .needed(byCommit == true ? "by ancestry" : "always")
        }
        // Commits the repository lacks (or none given): the version bounds decide.
        if fix.neededFromVersion != nil || fix.unneededFromVersion != nil {
            guard let version else { return .unknown("the kernel version is unknown") }
            if let from = fix.neededFromVersion, version < from { return .notNeeded("kernel \(version) < \(from)") }
            if let until = fix.unneededFromVersion, version >= until {
                return .notNeeded("kernel \(version) >= \(until)")
            }
            return .needed("kernel \(version) in its version range")
        }
        return .unknown("commit \(unknownCommits.map { String($0.prefix(12)) }.joined(separator: ", ")) not in the repository")
    }

    /// What a revision got: fixes applied, config options to turn off, and one line per fix
    /// that could not be applied or decided.
    public struct Applied: Sendable, Hashable {
        public var applied: [String] = []
        public var configOff: [String] = []
        public var notes: [String] = []
    }

    /// Applies the fixes the checkout at `tree` needs (`git apply`; the next checkout of the
    /// tree resets them).
    public func apply(tree: String, version: KernelVersion?) async throws -> Applied {
        var outcome = Applied()
        for fix in fixes {
            switch try await Self.need(fix, tree: tree, version: version) {
            case .notNeeded: continue
            case .unknown(let why):
                outcome.notes.append("build fix \(fix.name) not applied: cannot tell whether it is needed (\(why))")
            case .needed:
                if fix.hasPatch {
                    let check = try await ProcessRunner.run(
                        "git", ["-C", tree, "apply", "--check", fix.path], mergeStandardError: true,
                        timeout: .seconds(120))
                    guard check.succeeded else {
                        outcome.notes.append("build fix \(fix.name) does not apply here: \(check.tail(2))")
                        continue
                    }
                    let applied = try await ProcessRunner.run(
                        "git", ["-C", tree, "apply", fix.path], mergeStandardError: true, timeout: .seconds(120))
                    guard applied.succeeded else {
                        throw CulpritError.infrastructure("git apply \(fix.path) in \(tree) failed: \(applied.tail(3))")
                    }
                }
                outcome.applied.append(fix.name)
                outcome.configOff += fix.configOff.filter { !outcome.configOff.contains($0) }
            }
        }
        return outcome
    }
}
