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
    let store: any JobStore
    let settings: WorkerSettings
    let mirrors: MirrorCache
    let stop: StopSignal
    let logger: Logger

    /// How a run ended for this worker.
    enum Ending: Sendable, Equatable { case finished, failed, released, lost }

    private enum Step: Sendable {
        case ended(Result<BisectionResult, any Error>)
        case lost
        case stop
        case pumpCancelled
    }

    func run(_ record: JobRecord) async -> Ending {
        let directory = settings.cacheDirectory + "/jobs/\(record.id)"
        var mirrorPath: String?
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            if let mirrorPath { Task { await mirrors.prune(mirrorPath) } }
        }
        let buffer = EventBuffer()
        buffer.log("worker \(settings.id) on \(settings.host) took the job (attempt \(record.attempts))")
        do {
            let service = try ServiceJob(spec: record.spec)
            let mirror = try await mirrors.mirror(of: service.repository)
            mirrorPath = mirror
            try? FileManager.default.removeItem(atPath: directory)
            let restored = StoredEvent.decode(try await storedEvents(record.id))
            var job = service.job
            job.repository = mirror
            job.stateDirectory = directory
            try job.validate()
            let opened = Mutex<StoreJobLog?>(nil)
            // A backend's work (kernel build trees) stays in the worker's cache between jobs, one
            // directory per backend (locked per tree by the backend).
            let workRoot = settings.cacheDirectory + "/" + (job.backend.map { type(of: $0).kind } ?? "none")
            let bisection = try Bisection(
                config: job.makeConfig(), builder: job.makeBuilder(workRoot: workRoot),
                tester: job.makeTester(workRoot: workRoot),
                jobLog: { identity, _ in
                    let log = try StoreJobLog(identity: identity, restored: restored, buffer: buffer)
                    opened.withLock { $0 = log }
                    return log
                },
                log: { _ in })
            return await drive(record, bisection: bisection, buffer: buffer) {
                opened.withLock { $0?.milestones ?? 0 }
            }
        } catch {
            buffer.log("error: \(Self.message(error))")
            guard await flush(record.id, buffer: buffer) else { return .lost }
            return await end(record.id, JobFinish(state: .failed, error: Self.message(error))) ? .failed : .lost
        }
    }

    /// Runs the engine beside the pump (store writes, lease renewals, stop requests).
    private func drive(
        _ record: JobRecord, bisection: Bisection, buffer: EventBuffer, milestones: @escaping @Sendable () -> Int
    ) async -> Ending {
        // The pump is told to end, not cancelled, when the engine is done: a cancelled pump
        // would have its store write in progress refused (CancellationError) for nothing.
        let engineDone = StopSignal()
        let first: Step = await withTaskGroup(of: Step.self) { group in
            group.addTask {
                do { return .ended(.success(try await bisection.run())) } catch { return .ended(.failure(error)) }
            }
            group.addTask { await pump(record.id, buffer: buffer, milestones: milestones, until: engineDone) }
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
            buffer.log("worker \(settings.id) is stopping: the job goes back to the queue, recorded results kept")
            guard await flush(record.id, buffer: buffer) else { return .lost }
            return (try? await store.release(job: record.id, worker: settings.id)) == true ? .released : .lost
        case .ended(.success(let result)):
            guard await flush(record.id, buffer: buffer) else { return .lost }
            await putArtifacts(record.id, result: result)
            let json = (try? result.jsonData()).map { String(decoding: $0, as: UTF8.self) }
            let finish = JobFinish(
                state: .finished, title: result.crash?.title, outcome: Self.outcomeName(result.outcome),
                culprit: result.culprit?.hash, confidence: result.confidence, result: json)
            return await end(record.id, finish) ? .finished : .lost
        case .ended(.failure(let error)):
            if let e = error as? CulpritError, e.code == .cancelled {
                guard await flush(record.id, buffer: buffer) else { return .lost }
                return (try? await store.release(job: record.id, worker: settings.id)) == true ? .released : .lost
            }
            buffer.log("error: \(Self.message(error))")
            guard await flush(record.id, buffer: buffer) else { return .lost }
            return await end(record.id, JobFinish(state: .failed, error: Self.message(error))) ? .failed : .lost
        }
    }

    /// Every 100 ms: buffered events to the store, the lease renewed every third of its length;
    /// returns when the lease is lost, on a stop request once the build or test call in
    /// progress is recorded (or the stop timeout passed), or once `engineDone` is set.
    private func pump(_ job: Int64, buffer: EventBuffer, milestones: @Sendable () -> Int, until engineDone: StopSignal)
        async -> Step
    {
        var renewed = ContinuousClock.now
        var stopFrom: (count: Int, deadline: ContinuousClock.Instant)?
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
                if stopFrom == nil { stopFrom = (milestones(), ContinuousClock.now + settings.stopTimeout) }
                if let s = stopFrom, milestones() > s.count || ContinuousClock.now > s.deadline { return .stop }
            }
        }
        return .pumpCancelled
    }

    /// Appends the buffered events; false when the lease is lost. Store errors (a database
    /// restart) are retried by the next call: the events stay in order in the buffer.
    private func flush(_ job: Int64, buffer: EventBuffer) async -> Bool {
        let events = buffer.take()
        guard !events.isEmpty else { return true }
        do {
            guard try await store.append(job: job, worker: settings.id, events: events) != nil else { return false }
        } catch {
            logger.warning("cannot append events of job \(job), will retry: \(error)")
            buffer.requeue(events)
        }
        return true
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
