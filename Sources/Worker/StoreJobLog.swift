import Foundation
import Model
import Store
import Synchronization

/// The job log of a job run by a worker: the events recorded in the store by every earlier
/// attempt (on any worker) are the job's past, and each new event goes to the store through
/// the worker's ``EventBuffer`` (appended within 100 ms, fenced by the lease). A worker killed
/// before an event reached the store loses only that event: the next attempt redoes that run.
final class StoreJobLog: JobLog {
    let identity: JobIdentity
    private let recorded: Mutex<[Model.JobEvent]>
    private let buffer: EventBuffer

    /// - Throws: `CulpritError.infrastructure` when the stored events belong to another job
    ///   (the spec's revisions moved: `bad: master` resolved to another commit after a fetch).
    init(identity: JobIdentity, restored: [Model.JobEvent], buffer: EventBuffer) throws {
        for case .jobStarted(let started) in restored where started.job != identity.job {
            if started.bad == identity.bad {
                throw CulpritError.infrastructure(
                    "the job's files or settings differ from its earlier attempts' (a config, fix, fragment or "
                        + "reproducer changed on this worker, or another command): its recorded builds and runs belong "
                        + "to another job; submit a new job")
            }
            throw CulpritError.infrastructure(
                "the job's revisions resolve differently now (bad \(identity.bad.prefix(12)), was \(started.bad.prefix(12))): "
                    + "its recorded builds and runs belong to other commits; submit a new job with full commit hashes")
        }
        self.identity = identity
        self.recorded = Mutex(restored.filter(\.isNeededToResume))
        self.buffer = buffer
    }

    var events: [Model.JobEvent] { recorded.withLock { $0 } }

    func record(_ event: Model.JobEvent) throws {
        if event.isNeededToResume { recorded.withLock { $0.append(event) } }
        buffer.add([StoredEvent.encode(event)])
    }
}
