import Foundation
import Model
import Subprocess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs external programs: git, compilers, user build and test commands, QEMU.
///
/// Arguments are passed as a list, never spliced into a shell line. Each child runs in a
/// process group of its own, registered with ``ProcessRegistry``, so a timeout, a task
/// cancellation or Culprit's own termination kills the child and all its descendants.
public enum ProcessRunner {
    /// Where a child's standard output goes.
    public enum Output: Sendable {
        /// Keep it in memory, up to `limit` bytes; more is an error (use `.file` for big logs).
        case capture(limit: Int)
        /// Write it to a file (created or truncated); use this for large logs.
        case file(String)
        /// Write at most about `limit` bytes of it to a file: the head, the tail, and the middle
        /// blocks `keep` asks for (see ``CappedLog``). Standard error goes there too.
        case cappedFile(String, limit: Int, keep: CappedLog.Keep?)
        /// Discard it.
        case discard
    }

    /// A child that stops reading its input must give us EPIPE, not kill Culprit with SIGPIPE.
    private static let brokenPipesIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Runs `executable` (a path, or a name looked up on PATH) and waits for it to end.
    ///
    /// - Parameters:
    ///   - executable: program path or name.
    ///   - arguments: its arguments.
    ///   - directory: working directory; the current one when nil.
    ///   - environment: variables set on top of the inherited environment (nil unsets one).
    ///   - input: bytes written to its standard input; empty means none.
    ///   - output: where standard output goes.
    ///   - mergeStandardError: when true, standard error goes wherever standard output goes;
    ///     otherwise it is captured separately (up to 1 MiB).
    ///   - timeout: end the child and its descendants after this long (the result says
    ///     `timedOut`); a limit beyond ``TimeLimit/maximumSeconds`` means none.
    ///   - contained: run the child below a process guard (see `ProcessGuard.h`) that keeps every
    ///     descendant, even one that calls `setsid`, and ends them all when the child exits, when
    ///     the run is stopped, or when Culprit is gone (even after `kill -9`). Use it for commands
    ///     Culprit does not control: builds, test runs, QEMU.
    /// - Throws: ``CulpritError`` with code `.infrastructure` when the program cannot start or
    ///   its output cannot be kept, `.cancelled` when the calling task is cancelled.
    public static func run(
        _ executable: String,
        _ arguments: [String] = [],
        directory: String? = nil,
        environment: [String: String?] = [:],
        input: [UInt8] = [],
        output: Output = .capture(limit: 64 << 20),
        mergeStandardError: Bool = false,
        timeout: Duration? = nil,
        contained: Bool = false
    ) async throws -> ProcessResult {
        _ = brokenPipesIgnored
        let started = ContinuousClock.now
        var options = PlatformOptions()
        options.processGroupID = 0  // a new group, led by the child
        var env: [Environment.Key: String?] = [:]
        for (key, value) in environment { env[Environment.Key(stringLiteral: key)] = value }
        var exe: Executable = executable.contains("/") ? .path(FilePath(executable)) : .name(executable)
        var argv = arguments
        let guarded = contained && ProcessGuard.isAvailable
        let limit = timeout.flatMap(Self.effectiveLimit)
        if guarded {
            // The guard is this very executable, started with CULPRIT_PROCESS_GUARD set. It
            // enforces the time limit itself: a timer here is armed only once the cooperative
            // pool runs this task again, which a loaded machine can delay by tens of seconds.
            try ProcessGuard.checkRunnable(executable, environment: environment)
            env[Environment.Key(stringLiteral: ProcessGuard.variable)] = ProcessGuard.setting(limit: limit)
            exe = .path(FilePath(ProcessGuard.executable))
            argv = [executable] + arguments
        }
        // On cancellation Subprocess ends the child itself: SIGTERM first, so that a guard can
        // end its tree (a SIGKILL would orphan what left the group), SIGKILL after the grace.
        options.teardownSequence = [
            .gracefulShutDown(
                toProcessGroup: !guarded, allowedDurationToNextStep: ProcessGuard.gracePeriod + .seconds(guarded ? 1 : 0))
        ]
        let configuration = Configuration(
            executable: exe,
            arguments: Arguments(argv),
            environment: .inherit.updating(env),
            workingDirectory: directory.map { FilePath($0) },
            platformOptions: options
        )
        let child = Child(timeout: limit, from: started, guarded: guarded)
        defer { child.finish() }

        var fileDescriptor: FileDescriptor? = nil
        if case .file(let path) = output {
            do {
                fileDescriptor = try FileDescriptor.open(
                    FilePath(path), .writeOnly, options: [.create, .truncate],
                    permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } catch {
                throw CulpritError.infrastructure("cannot write the output file \(path): \(error)")
            }
        }
        defer { try? fileDescriptor?.close() }
        var cappedLog: CappedLog? = nil
        var pipeWriteEnd: FileDescriptor? = nil
        if case .cappedFile(let path, let limit, let keep) = output {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0, fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0
            else {
                throw CulpritError.infrastructure("cannot make a pipe for \(executable): \(String(cString: strerror(errno)))")
            }
            let log = CappedLog(path: path, limit: limit, keep: keep)
            do { try log.start(readEnd: ends[0]) } catch {
                close(ends[1])
                throw error
            }
            cappedLog = log
            pipeWriteEnd = FileDescriptor(rawValue: ends[1])
        }
        let errorLimit = 1 << 20

        do {
            let status: TerminationStatus
            var stdout: [UInt8] = []
            var stderr: [UInt8] = []
            switch (output, fileDescriptor) {
            case (.capture(let limit), _) where mergeStandardError:
                let r = try await child.execute(configuration, input, .bytes(limit: limit), .combinedWithOutput)
                (status, stdout) = (r.terminationStatus, r.standardOutput)
            case (.capture(let limit), _):
                let r = try await child.execute(
                    configuration, input, .bytes(limit: limit), .bytes(limit: errorLimit))
                (status, stdout, stderr) = (r.terminationStatus, r.standardOutput, r.standardError)
            case (.file, let fd?) where mergeStandardError:
                let r = try await child.execute(
                    configuration, input, .fileDescriptor(fd, closeAfterSpawningProcess: false), .combinedWithOutput)
                status = r.terminationStatus
            case (.file, let fd?):
                let r = try await child.execute(
                    configuration, input, .fileDescriptor(fd, closeAfterSpawningProcess: false),
                    .bytes(limit: errorLimit))
                (status, stderr) = (r.terminationStatus, r.standardError)
            case (.cappedFile, _):
                let r = try await child.execute(
                    configuration, input, .fileDescriptor(pipeWriteEnd!, closeAfterSpawningProcess: true),
                    .combinedWithOutput)
                status = r.terminationStatus
                _ = await cappedLog?.finished()
            default:
                let r = try await child.execute(configuration, input, .discarded, .bytes(limit: errorLimit))
                (status, stderr) = (r.terminationStatus, r.standardError)
            }
            if Task.isCancelled { throw CulpritError(.cancelled, "cancelled while running \(executable)") }
            let duration = ContinuousClock.now - started
            let result = ProcessResult.Status(status)
            // A guard that ended the command at its time limit dies by SIGALRM.
            let guardTimedOut = guarded && result == .signalled(SIGALRM) && limit.map { duration >= $0 } == true
            return ProcessResult(
                executable: executable, arguments: arguments,
                status: result, output: stdout, standardError: stderr,
                timedOut: child.timedOut || guardTimedOut, duration: duration)
        } catch let error as CulpritError {
            throw error
        } catch let error as SubprocessError {
            if Task.isCancelled { throw CulpritError(.cancelled, "cancelled while running \(executable)") }
            if child.timedOut {
                return ProcessResult(
                    executable: executable, arguments: arguments, status: .signalled(SIGKILL), output: [],
                    standardError: [], timedOut: true, duration: ContinuousClock.now - started)
            }
            throw CulpritError.infrastructure(
                "cannot run \(executable) \(arguments.prefix(3).joined(separator: " ")): \(error.description). "
                    + "Check that it is installed and on PATH, and that its output fits in memory.")
        }
    }
}

extension ProcessRunner {
    /// `limit` when it is a usable time limit, nil when it is longer than
    /// ``TimeLimit/maximumSeconds`` (no timer could be armed for it).
    static func effectiveLimit(_ limit: Duration) -> Duration? {
        limit > .seconds(TimeLimit.maximumSeconds) ? nil : max(limit, .zero)
    }
}

/// One child process: its group, its timer, and its clean-up.
private final class Child: Sendable {
    private struct State {
        var pid: Int32 = 0
        var timedOut = false
        var finished = false
        var stopping = false
    }

    private let state = Mutex(State())
    private let timeout: Duration?
    /// When the run began (before the spawn): the time limit counts from here.
    private let start: ContinuousClock.Instant
    /// The child is a process guard: SIGTERM to it ends its whole tree, it escalates by itself,
    /// and it enforces the time limit itself (the timer here is only a backstop).
    private let guarded: Bool

    init(timeout: Duration?, from start: ContinuousClock.Instant, guarded: Bool) {
        self.timeout = timeout
        self.start = start
        self.guarded = guarded
    }

    var timedOut: Bool { state.withLock { $0.timedOut } }

    func execute<O: OutputProtocol, E: ErrorOutputProtocol>(
        _ configuration: Configuration, _ input: [UInt8], _ output: O, _ error: E
    ) async throws -> ExecutionResult<Void, O, E> {
        try await withTaskCancellationHandler {
            try await Subprocess.run(configuration, input: .array(input), output: output, error: error) {
                execution in
                self.started(execution.processIdentifier.value)
            }
        } onCancel: {
            self.stop()
        }
    }

    private func started(_ pid: Int32) {
        ProcessRegistry.shared.register(pid, guarded: guarded)
        let cancelledEarly = state.withLock { s -> Bool in
            s.pid = pid
            return s.finished
        }
        if cancelledEarly || Task.isCancelled {
            stop()
            return
        }
        // The timer runs on a Dispatch queue, not on Swift's cooperative pool, so that busy
        // tasks cannot delay it once armed: a time limit is a promise to the user. It counts
        // from the spawn, not from now (this callback can be late). A guard keeps the limit
        // itself; the timer then only backs it up, after the guard's own grace period.
        if let limit = timeout {
            let backstop = guarded ? ProcessGuard.gracePeriod + .seconds(1) : .zero
            let left = max(.zero, limit + backstop - (ContinuousClock.now - start))
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(left.nanoseconds)) { [weak self] in
                guard let self else { return }
                let expired = self.state.withLock { s -> Bool in
                    if !s.finished { s.timedOut = true }
                    return !s.finished
                }
                if expired { self.stop() }
            }
        }
    }

    /// Ends the child and its descendants: SIGTERM, then SIGKILL to the group after the grace
    /// period (a guard does the same for the descendants it holds).
    func stop() {
        let pid = state.withLock { s -> Int32 in
            if s.pid == 0 { s.finished = true }
            if s.stopping { return 0 }
            if s.pid != 0 { s.stopping = true }
            return s.pid
        }
        guard pid > 1 else { return }
        ProcessRegistry.terminate(pid, guarded: guarded)
        let escalation = ProcessGuard.gracePeriod + .seconds(guarded ? 1 : 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(escalation.nanoseconds)) { [weak self] in
            guard let self, !self.state.withLock({ $0.finished }) else { return }
            _ = kill(-pid, SIGKILL)
        }
    }

    /// Disarms the timer and kills whatever is left of the group (a daemonised grandchild).
    /// A guard that may still be ending its tree (the run was stopped) is given its grace
    /// period first: killing it now would orphan what left its group.
    func finish() {
        let (pid, stopping) = state.withLock { s -> (Int32, Bool) in
            s.finished = true
            return (s.pid, s.stopping)
        }
        guard pid > 1 else { return }
        ProcessRegistry.shared.unregister(pid)
        if guarded && stopping {
            let escalation = ProcessGuard.gracePeriod + .seconds(1)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(escalation.nanoseconds)) {
                _ = kill(-pid, SIGKILL)
            }
        } else {
            _ = kill(-pid, SIGKILL)
        }
    }
}

extension Duration {
    /// Whole nanoseconds, saturated at `Int.max` (about 292 years).
    var nanoseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds < Int64(Int.max / 1_000_000_000) - 1 else { return .max }
        return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }
}
