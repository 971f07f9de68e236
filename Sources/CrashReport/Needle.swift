/// A fixed string searched for on every line of a report, prepared once: its bytes and the byte
/// `memchr` probes for (the rarest in console text, see `ByteSearch`), so a search is one `memchr`
/// pass over the line and a `memcmp` per probe hit, with no per-call setup.
struct Needle: Sendable {
    let bytes: [UInt8]
    private let probe: Int

    init(_ text: String) {
        bytes = Array(text.utf8)
        probe = bytes.withUnsafeBytes { ByteSearch.probeIndex(of: $0) }
    }

    /// Offset of the needle in `b[start..<end]`, relative to `start`.
    func offset(in b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let n = bytes.count
        guard n > 0 else { return 0 }
        guard start >= 0, end <= b.count, end - start >= n, let base = b.baseAddress else { return nil }
        let haystack = UnsafeRawBufferPointer(start: UnsafeRawPointer(base + start), count: end - start)
        return bytes.withUnsafeBytes { ByteSearch.offset(of: $0, in: haystack, probe: probe) }
    }

    /// Whether the needle occurs in `b[start..<end]`.
    func occurs(in b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        offset(in: b, from: start, to: end) != nil
    }

    /// Whether the needle occurs in `text`.
    func occurs(in text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ occurs(in: $0, from: 0, to: $0.count) }) {
            return found
        }
        var copy = text
        return copy.withUTF8 { occurs(in: $0, from: 0, to: $0.count) }
    }
}
