import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Store
import Worker

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run queued jobs from the job store (the same engine as `culprit bisect`).",
        discussion: """
            Claims the next job it can run, holds it under a lease renewed by a heartbeat, runs it \
            in its own mirror of the job's repository (under --cache), and appends the log, the \
            recorded builds and runs, and the result to the store as they happen. A job whose worker \
            died (kill -9, a lost machine) is taken over by another worker when its lease expires and \
            resumes from the recorded builds and runs. SIGTERM or Ctrl-C: the build or run batch in \
            progress is finished and recorded, the job goes back to the queue, the worker exits.

            Several machines: point every worker at the same PostgreSQL with --database.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Jobs at the same time.", valueName: "n"))
    var slots: Int = 1

    @Option(
        help: ArgumentHelp("Backends this worker runs, comma-separated: command, kernel.", valueName: "list"))
    var backends: String = "command,kernel"

    @Option(
        help: ArgumentHelp(
            "Directory of this worker's repository mirrors and job directories. Default: $XDG_CACHE_HOME/culprit/worker or ~/.cache/culprit/worker.",
            valueName: "dir"))
    var cache: String?

    @Option(help: ArgumentHelp("This worker's name in the store. Default: host-pid-random.", valueName: "id"))
    var id: String?

    @Option(
        help: ArgumentHelp(
            "Seconds a claimed job stays this worker's without a heartbeat; another worker takes it over after that.",
            valueName: "seconds"))
    var lease: Double = 30

    func validate() throws {
        if !(1...64).contains(slots) { throw ValidationError("--slots must be between 1 and 64") }
        let kinds = backendList
        if kinds.isEmpty { throw ValidationError("--backends needs at least one of: command, kernel") }
        for kind in kinds where !["command", "kernel"].contains(kind) {
            throw ValidationError("unknown backend '\(kind)' in --backends: use command, kernel")
        }
        if !(lease >= 2 && lease <= 3600) { throw ValidationError("--lease must be between 2 and 3600 seconds") }
    }

    var backendList: [String] {
        backends.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        let logger = Logger(label: "culprit.worker")
        let store = try await SQLJobStore.open(try self.store.location, logger: logger)
        let settings = WorkerSettings(
            id: id, backends: backendList, slots: slots, cacheDirectory: cache ?? WorkerSettings.defaultCacheDirectory,
            lease: .milliseconds(Int(lease * 1000)))
        let worker = WorkerService(store: store, settings: settings, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        try await store.close()
    }
}
