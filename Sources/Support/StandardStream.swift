#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output and standard error written without ever stopping the process: a write that
/// fails is dropped. Foundation's `FileHandle.write(_:)` traps on an error, and a terminal that
/// hangs up (`tmux kill-session`, a closed SSH connection) fails every write with EIO: Culprit
/// would crash in the middle of winding down on SIGHUP, its children running on while the crash
/// is reported, instead of ending them and exiting 129.
public enum StandardStream {
    case output
    case error

    var descriptor: Int32 { self == .output ? 1 : 2 }

    /// Writes all of `text`, retrying short and interrupted writes; an error drops the rest.
    public func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// write(2) (the method above shadows the name).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
