import Foundation

/// The end of a file: what a capped build or run log is read back as.
public enum FileTail {
    /// The last `limit` bytes of the file at `path` (all of a smaller file; empty when it cannot be read).
    public static func bytes(of path: String, limit: Int) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(limit) ? size - UInt64(limit) : 0)
        return [UInt8]((try? handle.readToEnd()) ?? Data())
    }

    /// The last `limit` bytes of the file at `path` as UTF-8 text (invalid bytes replaced).
    public static func text(of path: String, limit: Int) -> String {
        String(decoding: bytes(of: path, limit: limit), as: UTF8.self)
    }
}
