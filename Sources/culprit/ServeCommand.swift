import ArgumentParser
import Bisect
import Foundation
import Lab
import Logging
import ServiceLifecycle
import Server
import Store
import Support
import Worker

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Culprit as a service: HTTP API, web dashboard, job queue, and (with --workers) workers.",
        discussion: """
            Keeps jobs in SQLite under --data (nothing to install) or in PostgreSQL (--database) \
            shared with `culprit worker` processes on other machines. Reading is open; submitting, \
            cancelling and retrying need a token from `culprit token create` (--demo prints one). \
            The API is described at /openapi.yaml; /metrics has Prometheus metrics, /health the status.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "host"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on (0: any free port).", valueName: "port"))
    var port: Int = 8080

    @Option(help: ArgumentHelp("Workers to run inside the server (0: only separate `culprit worker` processes).", valueName: "n"))
    var workers: Int = 1

    @Option(
        help: ArgumentHelp(
            "Backends the in-process workers run, comma-separated: command, kernel.", valueName: "list"))
    var backends: String = "command,kernel"

    @Option(
        help: ArgumentHelp(
            "Cache directory of the in-process workers (mirrors, job directories). Default: worker-cache under --data, or the worker default.",
            valueName: "dir"))
    var cache: String?

    @Option(name: .customLong("public-url"), help: ArgumentHelp("The URL users reach this server at, for links in result emails.", valueName: "url"))
    var publicURL: String?

    @Flag(help: "Generate the demo project (as `culprit demo` does) under the data directory and submit a job for it.")
    var demo = false

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if !(0...64).contains(workers) { throw ValidationError("--workers must be between 0 and 64") }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "culprit.serve")
        let location = try store.location
        let store = try await SQLJobStore.open(location, logger: logger)
        let server = try await CulpritServer(
            store: store, settings: ServerSettings(host: host, port: port, publicURL: publicURL), logger: logger)
        var dataDirectory: String?
        if case .sqlite(let directory) = location { dataDirectory = directory }
        let cacheDirectory = cache ?? dataDirectory.map { $0 + "/worker-cache" } ?? WorkerSettings.defaultCacheDirectory
        var services: [any Service] = []
        if workers > 0 {
            let kinds = backends.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            services.append(
                WorkerService(
                    store: store,
                    settings: WorkerSettings(backends: kinds, slots: workers, cacheDirectory: cacheDirectory),
                    logger: logger))
        }
        var demoLines: [String] = []
        var demoJob: Int64?
        if demo {
            let root = (dataDirectory ?? FileManager.default.temporaryDirectory.path) + "/demo-\(UUID().uuidString.prefix(8))"
            let project = try await DemoProject.generate(at: root + "/kvcache")
            let job = try await store.submit(Self.demoJob(project))
            demoJob = job.id
            let token = try await store.createToken(name: "demo")
            demoLines = [
                "demo: job \(job.id) bisects \(project.path) (planted culprit \(project.culprit.prefix(12)))",
                "demo: a token for submitting: \(token)",
            ]
        }
        let shownJob = demoJob
        let shownLines = demoLines
        let app = server.application { url in
            var lines = ["culprit serve: listening on \(url) (store: \(location))"] + shownLines
            if let shownJob { lines.append("demo: watch it at \(url)/jobs/\(shownJob)") }
            StandardStream.output.write(lines.joined(separator: "\n") + "\n")
        }
        services.insert(app, at: 0)
        let group = ServiceGroup(
            configuration: .init(services: services, logger: logger))
        try await ServiceSignals.run(group)
        try await store.close()
    }

    /// The demo project's job as a service spec (JSON, which the YAML reader takes too).
    static func demoJob(_ project: DemoProject) throws -> NewJob {
        let spec: [String: Any] = [
            "repo": project.path, "bad": project.head, "build": DemoProject.buildCommand, "test": DemoProject.testCommand,
            "artifacts": [DemoProject.artifact], "runs": 16, "confidence": 0.99, "jobs": 2,
        ]
        let data = try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys, .withoutEscapingSlashes])
        let text = String(decoding: data, as: UTF8.self)
        let job = try ServiceJob(spec: text)
        return NewJob(spec: text, backend: job.backend, repository: job.repository, bad: job.bad, submittedBy: "demo")
    }
}
