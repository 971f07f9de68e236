import Foundation
import Model

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a build root (`<root>/lock`, flock), held while a build uses the root's
/// checkout and `O=` directory, so that two jobs (a cause and a fix bisection of one repository,
/// in one process or two) never build in it at the same time: the second waits its turn.
///
/// The lock goes away with the process, even after `kill -9`. Waiting polls (it never blocks a
/// thread) and ends with `CulpritError.cancelled` when the task is cancelled.
public final class BuildRootLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The lock of `root` if no one holds it now, else nil (never waits; nil also when `root` has
    /// no lock file, that is when no build ever used it).
    public static func tryAcquire(_ root: String) -> BuildRootLock? {
        let path = root + "/lock"
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        return BuildRootLock(path: path, descriptor: fd)
    }

    /// Takes the lock of `root`, waiting while another holder has it; `waiting` is called once
    /// when the lock is busy (to say so in a log).
    public static func acquire(
        _ root: String, poll: Duration = .milliseconds(250), waiting: () -> Void = {}
    ) async throws -> BuildRootLock {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw CulpritError.infrastructure("cannot create the build root \(root): \(error.localizedDescription)")
        }
        let path = root + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CulpritError.infrastructure(
                "cannot open the lock file \(path): \(String(cString: strerror(errno))); check the permissions of \(root)")
        }
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw CulpritError.infrastructure("cannot lock \(path): \(reason)")
            }
            if !told {
                waiting()
                told = true
            }
            do {
                try await Task.sleep(for: poll)
            } catch {
                close(fd)
                throw CulpritError(.cancelled, "interrupted while waiting for the build root \(root)")
            }
        }
        return BuildRootLock(path: path, descriptor: fd)
    }
}
