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
    ///   - timeout: kill the whole process group after this long (the result says `timedOut`).
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
        timeout: Duration? = nil
    ) async throws -> ProcessResult {
        _ = brokenPipesIgnored
        let started = ContinuousClock.now
        var options = PlatformOptions()
        options.processGroupID = 0  // a new group, led by the child
        var env: [Environment.Key: String?] = [:]
        for (key, value) in environment { env[Environment.Key(stringLiteral: key)] = value }
        let exe: Executable = executable.contains("/") ? .path(FilePath(executable)) : .name(executable)
        let configuration = Configuration(
            executable: exe,
            arguments: Arguments(arguments),
            environment: .inherit.updating(env),
            workingDirectory: directory.map { FilePath($0) },
            platformOptions: options
        )
        let child = Child(timeout: timeout)
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
            default:
                let r = try await child.execute(configuration, input, .discarded, .bytes(limit: errorLimit))
                (status, stderr) = (r.terminationStatus, r.standardError)
            }
            if Task.isCancelled { throw CulpritError(.cancelled, "cancelled while running \(executable)") }
            return ProcessResult(
                executable: executable, arguments: arguments,
                status: ProcessResult.Status(status), output: stdout, standardError: stderr,
                timedOut: child.timedOut, duration: ContinuousClock.now - started)
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

/// One child process: its group, its timer, and its clean-up.
private final class Child: Sendable {
    private struct State {
        var pid: Int32 = 0
        var timedOut = false
        var finished = false
    }

    private let state = Mutex(State())
    private let timeout: Duration?

    init(timeout: Duration?) { self.timeout = timeout }

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
            self.killGroup()
        }
    }

    private func started(_ pid: Int32) {
        ProcessRegistry.shared.register(pid)
        let cancelledEarly = state.withLock { s -> Bool in
            s.pid = pid
            return s.finished
        }
        if cancelledEarly || Task.isCancelled {
            killGroup()
            return
        }
        // The timer runs on a Dispatch queue, not on Swift's cooperative pool, so that busy
        // tasks cannot delay it: a time limit is a promise to the user.
        if let limit = timeout {
            let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) { [weak self] in
                guard let self else { return }
                let expired = self.state.withLock { s -> Bool in
                    if !s.finished { s.timedOut = true }
                    return !s.finished
                }
                if expired { self.killGroup() }
            }
        }
    }

    func killGroup() {
        let pid = state.withLock { s -> Int32 in
            if s.pid == 0 { s.finished = true }
            return s.pid
        }
        if pid > 1 { _ = kill(-pid, SIGKILL) }
    }

    /// Disarms the timer and kills whatever is left of the group (a daemonised grandchild).
    func finish() {
        let pid = state.withLock { s -> Int32 in
            s.finished = true
            return s.pid
        }
        if pid > 1 {
            _ = kill(-pid, SIGKILL)
            ProcessRegistry.shared.unregister(pid)
        }
    }
}
