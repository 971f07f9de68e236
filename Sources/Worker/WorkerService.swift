import Foundation
import Logging
import ServiceLifecycle
import Store
import Support

/// `culprit worker` as a swift-service-lifecycle `Service`: registers itself, then in each of
/// its slots claims the next job it can run and runs it (``JobRunner``) until told to stop. On
/// graceful shutdown (SIGTERM, SIGINT) it claims nothing more; each running job's engine starts
/// no other build or run, lets those in progress end and be recorded, and the job is released
/// (back in the queue for any worker at once); then it returns.
public struct WorkerService: Service {
    let store: any WorkerStore
    let settings: WorkerSettings
    let logger: Logger
    private let stop = StopSignal()

    public init(store: any WorkerStore, settings: WorkerSettings, logger: Logger = Logger(label: "culprit.worker")) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        try FileManager.default.createDirectory(atPath: settings.cacheDirectory, withIntermediateDirectories: true)
        JobRunner.removeStaleJobDirectories(in: settings.cacheDirectory)
        let info = WorkerInfo(id: settings.id, host: settings.host, backends: settings.backends, slots: settings.slots)
        try await store.heartbeat(worker: info)
        logger.info("worker \(settings.id) runs \(settings.backends.joined(separator: ",")) jobs in \(settings.slots) slot(s), cache \(settings.cacheDirectory)")
        let runner = JobRunner(
            store: store, settings: settings, mirrors: MirrorCache(directory: settings.cacheDirectory), stop: stop,
            logger: logger)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await heartbeats(info) }
                for slot in 0..<settings.slots {
                    group.addTask { await claimLoop(slot: slot, runner: runner) }
                }
                // Every loop ends on a stop request.
            }
        } onGracefulShutdown: {
            stop.request()
            logger.info(
                "worker \(settings.id) told to stop: claims no more jobs, lets the build or runs in progress end and be recorded, releases its jobs")
        }
        logger.info("worker \(settings.id) stopped")
    }

    /// Asks the worker to stop as SIGTERM would (tests, the server's in-process workers).
    public func requestStop() { stop.request() }

    private func claimLoop(slot: Int, runner: JobRunner) async {
        while !stop.isRequested && !Task.isCancelled {
            let job: JobRecord?
            do {
                job = try await store.claim(worker: settings.id, backends: settings.backends, lease: settings.lease)
            } catch {
                logger.warning("cannot claim a job: \(error)")
                await stop.sleep(for: settings.pollInterval * 5)
                continue
            }
            guard let job else {
                await stop.sleep(for: settings.pollInterval)
                continue
            }
            logger.info("slot \(slot): job \(job.id) (\(job.repository), attempt \(job.attempts))")
            let ending = await runner.run(job)
            logger.info("slot \(slot): job \(job.id) \(ending)")
        }
    }

    private func heartbeats(_ info: WorkerInfo) async {
        while !Task.isCancelled && !stop.isRequested {
            await stop.sleep(for: .seconds(10))
            do { try await store.heartbeat(worker: info) } catch { logger.warning("heartbeat failed: \(error)") }
        }
    }
}
