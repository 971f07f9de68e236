import Bisect
import Build
import Foundation
import JobConfig
import Model
import VCS

extension KernelJob {
    /// A job with its bug directory (`bug:`, `--bug DIR`) read in, or nil when it names none:
    /// the kernel backend's config and reproducer (unless the job gives its own), the bad
    /// revision (the commit the crash was found on, unless `bad` is given), the compiler the
    /// dashboard names (preferred for the versions the built-in table gives it, when installed
    /// and the job has no compiler table), and syzkaller's options and binaries.
    /// - Throws: `CulpritError.badInput` naming the bug directory's problems.
    public static func prepare(_ job: BisectJob) throws -> BisectJob? {
        guard let bug = job.bug else { return nil }
        let directory = try BugDirectory(path: bug)
        var job = job
        var kernel = KernelJob()
        if let backend = job.backend {
            guard let given = backend as? KernelJob else {
                throw CulpritError.badInput(
                    "a bug directory (\(bug)) is bisected with the kernel backend: leave out --build/--test")
            }
            kernel = given
        }
        kernel.bugDirectory = directory
        if kernel.config == nil && kernel.baseConfig == nil { kernel.config = directory.config }
        if kernel.reproducer == nil { kernel.reproducer = directory.reproducer }
        if kernel.syzkaller == nil { kernel.syzkaller = job.syzkaller }
        if kernel.isSyzkallerProgram && kernel.syzkallerArguments.isEmpty {
            kernel.syzkallerArguments = directory.syzOptions.execprogArguments
        }
        if kernel.compilers == nil, let cc = directory.compiler, CompilerTable.isInstalled(cc) {
            kernel.preferredCompiler = cc
        }
        job.backend = kernel
        if job.bad == nil { job.bad = directory.commit }
        return job
    }

    /// The bad revision to bisect from: `bad` when the repository has it; else, for a bug
    /// directory's commit that a rebase removed, the commit with the same title.
    /// - Throws: `CulpritError.badInput` when neither is found, saying what to do.
    public func resolved(_ job: BisectJob, console: ConsoleLog) async throws -> BisectJob {
        guard let directory = bugDirectory, let bad = job.bad, bad == directory.commit else { return job }
        let repository = try await Repository(path: BisectJob.absolute(job.repository ?? "."))
        if (try? await repository.resolve(bad)) != nil { return job }
        guard let title = directory.commitTitle else {
            throw CulpritError.badInput(
                "the bug's commit \(bad) (\(directory.path)/commit) is not in \(repository.path): fetch the tree "
                    + "it was found on, or add the commit's title as the file's second line to find it after a rebase")
        }
        guard let found = try await repository.commit(titled: title) else {
            throw CulpritError.badInput(
                "the bug's commit \(bad) is not in \(repository.path), and no commit is titled '\(title)': fetch the "
                    + "tree it was found on, or give --bad REV")
        }
        console.line("the bug's commit \(bad) is not in the repository; \(found) has its title '\(title)': bisecting from it")
        var job = job
        job.bad = found
        return job
    }

    /// A warning when the crash on the bad revision is not the one the bug directory expects.
    public func warnings(_ result: BisectionResult) -> [String] {
        guard let expected = bugDirectory?.expectedTitle, !expected.isEmpty, let seen = result.crash?.title,
            seen != expected
        else { return [] }
        return [
            "the crash on the bad revision is '\(seen)', the bug directory expects '\(expected)': "
                + "the bisection may be of another bug"
        ]
    }
}
