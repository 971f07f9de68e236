import Bisect
import Build
import Instance
import Model

/// A backend: what builds and tests a job's revisions, as plug-in settings. Each backend lives in
/// a module of its own (`CommandBackend`, `KernelBackend`) and is one entry of a
/// ``BackendRegistry``; ``BisectJob`` and ``JobFile`` reach it only through this protocol, so
/// adding a backend means adding a module and registering its type.
///
/// A value of a conforming type is the backend's settings for one job (the command backend's
/// `build:`/`test:` commands, the kernel backend's `kernel:` section).
public protocol Backend: Sendable {
    /// The backend's name (`command`, `kernel`): the `kind` of its ``BackendSpec``.
    static var kind: String { get }
    /// The top-level job-file keys the backend owns (`build`, `test`, ... or `kernel`).
    static var keys: [String] { get }

    /// Reads the backend's keys of a job file: `entries` are the ones the file has (of ``keys``),
    /// in file order. Each problem goes to `reader` with its line; nil when none of it is usable.
    static func read(_ entries: [JobFileEntry], reader: inout JobFileReader) -> Self?

    /// A job prepared for this backend before it is checked or run, or nil when this backend has
    /// nothing to do with it (the kernel backend reads a `bug:` directory here).
    /// - Throws: `CulpritError.badInput` naming what is wrong.
    static func prepare(_ job: BisectJob) throws -> BisectJob?

    /// Settings the job cannot run without that are not given, each saying what to give.
    func missingSettings() -> [String]

    /// Problems with the values that are set (ranges, empty strings, files that do not exist).
    func valueProblems() -> [String]

    /// These settings with every value `other` sets replacing this one's (the command line wins
    /// over the job file).
    func overridden(by other: Self) -> Self

    /// What builds and tests, for the job id: other settings that change the results are another job.
    var identity: String { get }

    /// The settings as a plain value (``BackendSpec/settings``): what a database row or an HTTP
    /// body holds.
    var settings: JSONValue { get }

    /// Sets what the engine's configuration needs from the backend (a kernel's config, the
    /// oldest release it can build).
    func configure(_ config: inout BisectionConfig)

    /// Where the backend keeps work shared by jobs of `repository` (kernel build trees), or nil.
    func workRoot(repository: String) async throws -> String?

    /// The job's ``Builder``; `workRoot` is ``workRoot(repository:)`` or a worker's cache.
    func makeBuilder(job: BisectJob, workRoot: String) -> any Builder

    /// The job's ``Tester``.
    func makeTester(job: BisectJob, workRoot: String) -> any Tester

    /// The job with a revision resolved against the repository before the run (a bug
    /// directory's commit found by its title after a rebase).
    func resolved(_ job: BisectJob, console: ConsoleLog) async throws -> BisectJob

    /// The job with its config replaced by a minimized one that still reproduces the crash on
    /// the bad revision (`--minimize-config`); `workRoot` as for ``makeBuilder(job:workRoot:)``.
    /// - Throws: `CulpritError.badInput` when the backend has no config to minimize.
    func minimizingConfig(_ job: BisectJob, workRoot: String, console: ConsoleLog) async throws -> BisectJob

    /// Warnings about a finished job's result (the crash seen is not the one expected).
    func warnings(_ result: BisectionResult) -> [String]

    /// The kernel config and reproducer files named in the report of `result`, when the backend
    /// has them: the config bisected with, and the config it was minimized from when it differs.
    func reportFiles(_ result: BisectionResult) -> (config: String?, originalConfig: String?, reproducer: String?)

    /// Whether `other` holds the same settings.
    func isEqual(to other: any Backend) -> Bool
}

extension Backend {
    public static func prepare(_ job: BisectJob) throws -> BisectJob? { nil }
    public func configure(_ config: inout BisectionConfig) {}
    public func workRoot(repository: String) async throws -> String? { nil }
    public func resolved(_ job: BisectJob, console: ConsoleLog) async throws -> BisectJob { job }
    public func warnings(_ result: BisectionResult) -> [String] { [] }
    public func minimizingConfig(_ job: BisectJob, workRoot: String, console: ConsoleLog) async throws -> BisectJob {
        throw CulpritError.badInput(
            "--minimize-config minimizes a kernel config: this job's backend (\(Self.kind)) has none; leave it out")
    }
    public func reportFiles(_ result: BisectionResult) -> (config: String?, originalConfig: String?, reproducer: String?) {
        (nil, nil, nil)
    }

    /// The backend's kind and settings as a ``BackendSpec``.
    public var spec: BackendSpec { BackendSpec(kind: Self.kind, settings: settings) }

    /// `other` merged over these settings when it is the same backend; else `other`.
    func merged(with other: any Backend) -> any Backend {
        guard let same = other as? Self else { return other }
        return overridden(by: same)
    }
}

extension Backend where Self: Equatable {
    public func isEqual(to other: any Backend) -> Bool { (other as? Self) == self }
}
