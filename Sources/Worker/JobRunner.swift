import Bisect
import JobConfig
import Foundation
import Logging
import Model
import Store
import Support
import Synchronization

/// Runs one claimed job through the same engine as `culprit bisect`, in the worker's own mirror
/// of the job's repository, resuming from the events stored by earlier attempts (on any worker,
/// through ``StoreJobLog``). Every event of the engine goes to the store as it comes; the
/// lease is renewed meanwhile. The job ends finished or failed, is released on a stop request
/// (after the build or run batch in progress is recorded), or is abandoned without another
/// write when the lease is lost (cancelled, or taken over after a stall).
struct JobRunner: Sendable {
    let store: any WorkerStore
    let settings: WorkerSettings
    let mirrors: MirrorCache
    let stop: StopSignal
    let logger: Logger

    /// How a run ended for this worker.
    enum Ending: Sendable, Equatable { case finished, failed, released, lost }

    /// A job directory left (a released or killed attempt) is removed after this long unused.
    static let staleJobDirectory: TimeInterval = 7 * 24 * 3600

    /// Removes a job directory left by an earlier attempt whose work tree belongs to another
    /// mirror than `mirror` (the cache was moved or its mirror cloned anew): it cannot be resumed in.
    static func removeForeignDirectory(_ directory: String, mirror: String) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory) else { return }
        let link = (try? String(contentsOfFile: directory + "/worktree/.git", encoding: .utf8)) ?? ""
        if !link.contains(URL(fileURLWithPath: mirror).standardizedFileURL.path + "/worktrees/") {
            try? fm.removeItem(atPath: directory)
        }
    }

    /// Removes the job directories under `cache/jobs` not modified for ``staleJobDirectory``.
    static func removeStaleJobDirectories(in cache: String) {
        let fm = FileManager.default
        let jobs = cache + "/jobs"
        for name in (try? fm.contentsOfDirectory(atPath: jobs)) ?? [] {
            let path = jobs + "/" + name
            guard let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                Date().timeIntervalSince(modified) > staleJobDirectory
            else { continue }
            try? fm.removeItem(atPath: path)
        }
    }

    private enum Step: Sendable {
        case ended(Result<BisectionResult, any Error>)
        case lost
        case stop
        case pumpCancelled
    }

    /// Runs the job in `<cache>/jobs/<id>`. The directory of a job this worker gives back (a stop)
    /// or was killed in stays, so that the worker resumes it with its builds at hand should it take
    /// the job again (a kernel build's artifact is there; ``WorkerService`` removes directories
    /// left unused for ``staleJobDirectory``); a job that ended, or went to another worker, has
    /// its directory removed.
    func run(_ record: JobRecord) async -> Ending {
        let directory = settings.cacheDirectory + "/jobs/\(record.id)"
        var mirrorPath: String?
        var ending: Ending = .failed
        defer {
            if ending != .released { try? FileManager.default.removeItem(atPath: directory) }
            if let mirrorPath { Task { await mirrors.prune(mirrorPath) } }
        }
        let buffer = EventBuffer()
        buffer.log("worker \(settings.id) on \(settings.host) took the job (attempt \(record.attempts))")
        do {
            let service = try ServiceJob(spec: record.spec)
            let mirror = try await mirrors.mirror(of: service.repository)
            mirrorPath = mirror
            Self.removeForeignDirectory(directory, mirror: mirror)
            let restored = StoredEvent.decode(try await storedEvents(record.id))
            var job = service.job
            job.repository = mirror
            job.stateDirectory = directory
            try job.validate()
            // A backend's work (kernel build trees) stays in the worker's cache between jobs, one
            // directory per backend (locked per tree by the backend).
            let workRoot = settings.cacheDirectory + "/" + (job.backend.map { type(of: $0).kind } ?? "none")
            let given = job
            ending = await drive(record, buffer: buffer) {
                // `minimize-config`: minimization's own journal is in the work root (kept on this
                // worker, so a resumed attempt here redoes nothing); its lines go to the job's log.
                var job = given
                if job.minimizeConfig == true, let backend = job.backend {
                    let console = ConsoleLog(isTerminal: false) { text in
                        for line in text.split(separator: "\n") { buffer.log(String(line)) }
                    }
                    job = try await backend.minimizingConfig(job, workRoot: workRoot, console: console)
                    job.minimizeConfig = false
                }
                let bisection = try Bisection(
                    config: job.makeConfig(), builder: job.makeBuilder(workRoot: workRoot),
                    tester: job.makeTester(workRoot: workRoot),
                    jobLog: { identity, _ in try StoreJobLog(identity: identity, restored: restored, buffer: buffer) },
                    log: { _ in })
                return try await bisection.run()
            }
            return ending
        } catch {
            buffer.log("error: \(Self.message(error))")
            guard await flush(record.id, buffer: buffer, final: true) else { return .lost }
            return await end(record.id, JobFinish(state: .failed, error: Self.message(error))) ? .failed : .lost
        }
    }

    /// Runs the engine beside the pump (store writes, lease renewals, stop requests).
    private func drive(
        _ record: JobRecord, buffer: EventBuffer, engine: @escaping @Sendable () async throws -> BisectionResult
    ) async -> Ending {
        // The pump is told to end, not cancelled, when the engine is done: a cancelled pump
        // would have its store write in progress refused (CancellationError) for nothing.
        let engineDone = StopSignal()
        let first: Step = await withTaskGroup(of: Step.self) { group in
            // On a stop request the engine winds down by itself: it starts no other build or run,
            // lets those in progress end and be recorded, and throws `cancelled`.
            group.addTask {
                do {
                    return .ended(.success(try await StopSignal.$current.withValue(stop) { try await engine() }))
                } catch {
                    return .ended(.failure(error))
                }
            }
            group.addTask { await pump(record.id, buffer: buffer, until: engineDone) }
            let first = await group.next() ?? .pumpCancelled
            if case .ended = first {
                engineDone.request()
            } else {
                group.cancelAll()  // the engine ends its children when cancelled
            }
            // Wait for both.
            while await group.next() != nil {}
            return first
        }
        switch first {
        case .lost, .pumpCancelled:
            logger.warning("lost the lease of job \(record.id): another worker or a user has it now")
            return .lost
        case .stop:
            buffer.log(
                "worker \(settings.id) is stopping: the work in progress did not end within \(settings.stopTimeout) "
                    + "and was cut short; the job goes back to the queue, recorded results kept")
            return await release(record.id, buffer: buffer)
        case .ended(.success(let result)):
            guard await flush(record.id, buffer: buffer, final: true) else { return .lost }
            await putArtifacts(record.id, result: result)
            let json = (try? result.jsonData()).map { String(decoding: $0, as: UTF8.self) }
            let finish = JobFinish(
                state: .finished, title: result.crash?.title, outcome: Self.outcomeName(result.outcome),
                culprit: result.culprit?.hash, confidence: result.confidence, result: json)
            return await end(record.id, finish) ? .finished : .lost
        case .ended(.failure(let error)):
            if let e = error as? CulpritError, e.code == .cancelled {
                if stop.isRequested {
                    buffer.log(
                        "worker \(settings.id) is stopping: the build or runs in progress are recorded; "
                            + "the job goes back to the queue for any worker")
                }
                return await release(record.id, buffer: buffer)
            }
            buffer.log("error: \(Self.message(error))")
            guard await flush(record.id, buffer: buffer, final: true) else { return .lost }
            return await end(record.id, JobFinish(state: .failed, error: Self.message(error))) ? .failed : .lost
        }
    }

    /// Every 100 ms: buffered events to the store, the lease renewed every third of its length;
    /// returns when the lease is lost, once `engineDone` is set, or when the engine has not wound
    /// down within the stop timeout of a stop request (it is then cancelled).
    private func pump(_ job: Int64, buffer: EventBuffer, until engineDone: StopSignal) async -> Step {
        var renewed = ContinuousClock.now
        var stopDeadline: ContinuousClock.Instant?
        while !Task.isCancelled {
            await engineDone.sleep(for: .milliseconds(100))
            if engineDone.isRequested { return .pumpCancelled }
            guard await flush(job, buffer: buffer) else { return .lost }
            if ContinuousClock.now - renewed > settings.lease / 3 {
                guard (try? await store.renew(job: job, worker: settings.id, lease: settings.lease)) ?? true else {
                    return .lost
                }
                renewed = ContinuousClock.now
            }
            if stop.isRequested {
                if stopDeadline == nil { stopDeadline = ContinuousClock.now + settings.stopTimeout }
                if let stopDeadline, ContinuousClock.now > stopDeadline { return .stop }
            }
        }
        return .pumpCancelled
    }

    /// Appends the buffered events, a batch at a time; false when the lease is lost. Store
    /// errors (a database or server restart) are retried by the next call: the events stay in
    /// order in the buffer. Before the job is given back or ended (`final`), it retries for up
    /// to a minute, so that what was done is recorded if the store comes back.
    private func flush(_ job: Int64, buffer: EventBuffer, final: Bool = false) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while !buffer.isEmpty {
            let batch = buffer.take()
            do {
                guard
                    try await store.append(job: job, worker: settings.id, events: batch.events, batch: batch.key) != nil
                else { return false }
            } catch {
                logger.warning("cannot append events of job \(job), will retry: \(error)")
                buffer.requeue(batch)
                guard final, ContinuousClock.now < deadline else { return true }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return true
    }

    /// Stores what is buffered and gives the job back to the queue.
    private func release(_ job: Int64, buffer: EventBuffer) async -> Ending {
        guard await flush(job, buffer: buffer, final: true) else { return .lost }
        return (try? await store.release(job: job, worker: settings.id)) == true ? .released : .lost
    }

    private func end(_ job: Int64, _ finish: JobFinish) async -> Bool {
        (try? await store.finish(job: job, worker: settings.id, finish: finish)) ?? false
    }

    /// Every event stored for a job, in order.
    private func storedEvents(_ job: Int64) async throws -> [EventRecord] {
        var all: [EventRecord] = []
        var after: Int64 = 0
        while true {
            let page = try await store.events(job: job, after: after, kinds: nil, limit: 5000)
            all += page
            guard let last = page.last, page.count == 5000 else { return all }
            after = last.id
        }
    }

    static func message(_ error: any Error) -> String {
        (error as? CulpritError)?.message ?? String(describing: error)
    }

    /// snake_case names of the outcomes, as the service shows them.
    static func outcomeName(_ outcome: BisectionResult.Outcome) -> String {
        switch outcome {
        case .found: "culprit_found"
        case .inconclusive: "inconclusive"
        case .notReproducible: "not_reproducible"
        case .noCleanRelease: "no_clean_release"
        }
    }
}
