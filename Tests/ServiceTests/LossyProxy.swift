import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP/1.1 proxy on loopback in front of a server, that loses answers: a request the
/// `drop` rule picks is forwarded, the server's whole answer is read, and the client gets a
/// 504 (a gateway that gave up waiting) instead, on a connection then closed. So the server did
/// the work and the client cannot know: what a worker sees when its answer is lost after the
/// server stored its events. (Closing the connection without any answer would do too, but
/// URLSession on Linux then waits for its request timeout, 120 s, before it reports the error.)
///
/// One thread per connection, plain blocking sockets (off the cooperative pool), close-on-exec
/// (else the commands a worker starts would hold a lost answer's connection open); requests and
/// answers are framed by `Content-Length` (chunked answers are read to their last chunk).
final class LossyProxy: Sendable {
    /// The proxy's URL (`http://127.0.0.1:PORT`).
    let url: String
    private let listener: Int32
    private let upstreamPort: UInt16
    private let drop: @Sendable (_ requestLine: String, _ seen: Int) -> Bool
    private let state = Mutex<(seen: [String: Int], dropped: [Dropped], clients: Set<Int32>)>(([:], [], []))

    /// - Parameters:
    ///   - upstream: the server's base URL (`http://127.0.0.1:PORT`).
    ///   - drop: whether to lose the answer to a request, given its request line and how many
    ///     requests with that line were seen before.
    init(upstream: String, drop: @escaping @Sendable (_ requestLine: String, _ seen: Int) -> Bool) throws {
        guard let port = URL(string: upstream)?.port else { throw ProxyError("no port in \(upstream)") }
        upstreamPort = UInt16(port)
        self.drop = drop
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw ProxyError("cannot listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }  // closed by stop()
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                self.state.withLock { _ = $0.clients.insert(client) }
                Thread.detachNewThread { self.serve(client) }
            }
        }
    }

    /// A request whose answer was lost.
    struct Dropped: Sendable {
        var line: String
        var body: Data
    }

    /// The requests whose answers were lost, in order.
    var dropped: [Dropped] { state.withLock { $0.dropped } }

    /// Stops accepting connections and ends the open ones.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        state.withLock { for client in $0.clients { shutdown(client, Int32(SHUT_RDWR)) } }
    }

    private func serve(_ client: Int32) {
        defer {
            state.withLock { _ = $0.clients.remove(client) }
            close(client)
        }
        var pending = [UInt8]()
        while let request = Self.readMessage(client, &pending, isAnswer: false) {
            let line = request.head.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            defer { close(upstream) }
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0, Self.write(upstream, request.bytes) else { return }
            var upstreamPending = [UInt8]()
            guard let answer = Self.readMessage(upstream, &upstreamPending, isAnswer: true) else { return }
            let lose = state.withLock { s -> Bool in
                let seen = s.seen[line, default: 0]
                s.seen[line] = seen + 1
                guard drop(line, seen) else { return false }
                s.dropped.append(Dropped(line: line, body: Data(request.bytes[request.headLength...])))
                return true
            }
            if lose {
                // The server answered; the client hears a gateway's timeout instead, as from a
                // reverse proxy that gave up on the server just before it answered.
                let body = #"{"error":{"status":504,"message":"the upstream server did not answer in time"}}"#
                _ = Self.write(
                    client,
                    Array(
                        ("HTTP/1.1 504 Gateway Timeout\r\nContent-Type: application/json\r\nContent-Length: "
                            + "\(body.utf8.count)\r\nConnection: close\r\n\r\n" + body).utf8))
                return
            }
            guard Self.write(client, answer.bytes) else { return }
        }
    }

    /// One HTTP message from `fd` (its head and body as read), or nil at the end of the stream.
    private static func readMessage(_ fd: Int32, _ pending: inout [UInt8], isAnswer: Bool) -> (
        head: String, headLength: Int, bytes: [UInt8]
    )? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = find(separator, in: pending).map { $0 + separator.count }
            if headEnd == nil, !fill(fd, &pending) { return nil }
        }
        let head = String(decoding: pending[..<headEnd!], as: UTF8.self)
        let lower = head.lowercased()
        if isAnswer && lower.hasPrefix("http/1.1 1") {
            // An interim answer (100 Continue to a forwarded `Expect`): the real one follows.
            pending.removeFirst(headEnd!)
            return readMessage(fd, &pending, isAnswer: true)
        }
        if !isAnswer && lower.contains("\r\nexpect: 100-continue") {
            // The client waits for this before it sends the body.
            guard write(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
        }
        var total = headEnd!
        if let range = lower.range(of: "\r\ncontent-length:") {
            let value = lower[range.upperBound...].prefix { !$0.isNewline }.trimmingCharacters(in: .whitespaces)
            total += Int(value) ?? 0
            while pending.count < total { if !fill(fd, &pending) { return nil } }
        } else if lower.contains("\r\ntransfer-encoding: chunked") {
            let last: [UInt8] = Array("\r\n0\r\n\r\n".utf8)
            while find(last, in: Array(pending[(headEnd! - 2)...])) == nil { if !fill(fd, &pending) { return nil } }
            total = headEnd! - 2 + find(last, in: Array(pending[(headEnd! - 2)...]))! + last.count
        } else if isAnswer && !(lower.hasPrefix("http/1.1 204") || lower.hasPrefix("http/1.1 304")) {
            while fill(fd, &pending) {}  // no length: the body ends with the connection
            total = pending.count
        }
        let bytes = Array(pending[..<total])
        pending.removeFirst(total)
        return (head, headEnd!, bytes)
    }

    private static func fill(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = read(fd, &chunk, chunk.count)
        guard n > 0 else { return false }
        buffer += chunk[..<n]
        return true
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    struct ProxyError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
