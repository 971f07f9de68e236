import ArgumentParser
import Foundation
import Logging
import Model
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
            resumes from the recorded builds and runs. SIGTERM or Ctrl-C: no other build or run \
            starts, those in progress end and are recorded, the job goes back to the queue at once, \
            the worker exits 0; a second signal stops at once (children ended, exit 128+signal).

            Several machines: point every worker at the server with --server URL and a token \
            (`culprit token create`; in --token-file FILE or CULPRIT_TOKEN, which no log shows): \
            the worker registers, heartbeats, claims and records its jobs through the server's \
            API and needs no database credentials. Or point every worker at the same PostgreSQL \
            with --database.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(
        help: ArgumentHelp(
            "The URL of `culprit serve` to work for over HTTP (instead of --database or --data).", valueName: "url"))
    var server: String?

    @Option(
        name: .customLong("token-file"),
        help: ArgumentHelp("A file holding the token for --server (from `culprit token create`).", valueName: "file"))
    var tokenFile: String?

    @Option(
        help: ArgumentHelp(
            "The token for --server. Prefer --token-file or CULPRIT_TOKEN: other users can read a command line.",
            valueName: "token"))
    var token: String?

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
        if server != nil {
            if store.database != nil || store.data != nil {
                throw ValidationError("give either --server (work through culprit serve) or --database/--data, not both")
            }
            if token != nil && tokenFile != nil { throw ValidationError("give either --token or --token-file, not both") }
        } else if token != nil || tokenFile != nil {
            throw ValidationError("--token and --token-file go with --server: a worker on --database needs no token")
        }
    }

    /// The token for --server: --token, the first line of --token-file, or CULPRIT_TOKEN.
    func serverToken() throws -> String {
        if let token { return token }
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CulpritError.badInput("cannot read the token file \(tokenFile): check the path and its permissions")
            }
            return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        }
        if let token = ProcessInfo.processInfo.environment["CULPRIT_TOKEN"] { return token }
        throw CulpritError.badInput(
            "--server needs a token: put one from `culprit token create` in --token-file FILE or CULPRIT_TOKEN")
    }

    var backendList: [String] {
        backends.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        let logger = Logger(label: "culprit.worker")
        let database: SQLJobStore?
        let store: any WorkerStore
        if let server {
            store = try ServerWorkerStore(server: server, token: try serverToken())
            database = nil
        } else {
            let opened = try await SQLJobStore.open(try self.store.location, logger: logger)
            store = opened
            database = opened
        }
        let settings = WorkerSettings(
            id: id, backends: backendList, slots: slots, cacheDirectory: cache ?? WorkerSettings.defaultCacheDirectory,
            lease: .milliseconds(Int(lease * 1000)))
        let worker = WorkerService(store: store, settings: settings, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [worker], logger: logger))
        try await ServiceSignals.run(group)
        try await database?.close()
    }
}
