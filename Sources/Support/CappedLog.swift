import Foundation
import Model
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Copies a child's output from a pipe into a file of at most about `limit` bytes, keeping what
/// a person needs: the head, the tail, and excerpts of the middle that `keep` asks for (the
/// blocks that hold a crash report), with a line saying how much was left out between them.
///
/// The copy runs on a thread of its own (blocking reads, off the cooperative pool).
public final class CappedLog: Sendable {
    /// Decides whether a block from the middle of the output is kept (e.g. holds a crash report).
    public typealias Keep = @Sendable ([UInt8]) -> Bool

    /// What the copy kept and left out.
    public struct Summary: Sendable, Hashable {
        /// Bytes the child wrote.
        public var total: Int
        /// Bytes left out of the file.
        public var omitted: Int
    }

    private let path: String
    private let limit: Int
    private let keep: Keep?
    private let done = Mutex<(summary: Summary?, waiter: CheckedContinuation<Summary, Never>?)>((nil, nil))

    /// - Parameters:
    ///   - path: the log file (created or truncated).
    ///   - limit: about the most bytes the file holds (at least 64 KiB).
    ///   - keep: which middle blocks to keep; nil keeps only the head and the tail.
    public init(path: String, limit: Int, keep: Keep? = nil) {
        self.path = path
        self.limit = max(limit, 64 << 10)
        self.keep = keep
    }

    /// Starts copying from `readEnd` (closed at the end of the copy).
    public func start(readEnd: Int32) throws {
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            close(readEnd)
            throw CulpritError.infrastructure(
                "cannot write the output file \(path): \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [self] in
            let summary = self.copy(from: readEnd, to: output)
            close(readEnd)
            close(output)
            let waiter = self.done.withLock { state -> CheckedContinuation<Summary, Never>? in
                state.summary = summary
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: summary)
        }
        thread.start()
    }

    /// Waits for the copy to end (every writer closed the pipe).
    public func finished() async -> Summary {
        await withCheckedContinuation { continuation in
            let summary = done.withLock { state -> Summary? in
                if state.summary == nil { state.waiter = continuation }
                return state.summary
            }
            if let summary { continuation.resume(returning: summary) }
        }
    }

    private func copy(from input: Int32, to output: Int32) -> Summary {
        let headLimit = limit / 4
        let tailLimit = limit / 2
        var excerptBudget = limit - headLimit - tailLimit
        let block = max(min(1 << 20, limit / 16), 4096)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        var written = 0
        var kept = 0
        var tail: [[UInt8]] = []
        var tailBytes = 0
        var pending: [UInt8] = []
        var omittedSinceWrite = 0
        var previous: [UInt8] = []

        func emit(_ bytes: [UInt8], marker: Bool = false) {
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = systemWrite(output, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { if errno == EINTR { continue } else { return } }
                    offset += n
                }
            }
            written += bytes.count
            if !marker { kept += bytes.count }
        }
        func noteOmission() {
            guard omittedSinceWrite > 0 else { return }
            emit(Array("\n[culprit: \(omittedSinceWrite) bytes of output left out here]\n".utf8), marker: true)
            omittedSinceWrite = 0
        }
        func evict(_ chunk: [UInt8]) {
            // A report may straddle two blocks: look at the end of the previous one too.
            let context = previous.suffix(64 << 10) + chunk
            if excerptBudget >= chunk.count, let keep, keep(Array(context)) {
                noteOmission()
                emit(chunk)
                excerptBudget -= chunk.count
            } else {
                omittedSinceWrite += chunk.count
            }
            previous = chunk
        }

        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            total += n
            var bytes = buffer[0..<n]
            if kept < headLimit && tail.isEmpty && pending.isEmpty {
                let take = min(headLimit - kept, bytes.count)
                emit(Array(bytes.prefix(take)))
                bytes = bytes.dropFirst(take)
            }
            guard !bytes.isEmpty else { continue }
            pending += bytes
            if pending.count >= block {
                tail.append(pending)
                tailBytes += pending.count
                pending = []
                while tailBytes > tailLimit, tail.count > 1 {
                    let oldest = tail.removeFirst()
                    tailBytes -= oldest.count
                    evict(oldest)
                }
            }
        }
        noteOmission()
        for chunk in tail { emit(chunk) }
        emit(pending)
        return Summary(total: total, omitted: total - kept)
    }
}

private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}
