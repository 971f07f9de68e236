#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library's `memmem` (not exported by the Glibc module, which hides GNU extensions).
@_silgen_name("memmem")
private func cMemmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int)
    -> UnsafeMutableRawPointer?

/// Fast substring search on UTF-8 bytes (the generic `Collection` search of the standard library
/// compares `Character`s and is far too slow for scanning logs).
enum ByteSearch {
    /// Offset of `needle` in `haystack` (UTF-8 byte offsets), if present.
    @inline(__always)
    static func offset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        let n = needle.count
        let h = haystack.count
        guard n > 0 else { return 0 }
        guard n <= h, let hb = haystack.baseAddress, let nb = needle.baseAddress else { return nil }
        // A rare first byte: memchr then compare. Otherwise (a space, a common letter) the C
        // library's memmem, which does not stop at every occurrence of the first byte.
        if n == 1 {
            guard let hit = memchr(hb, Int32(nb.load(as: UInt8.self)), h) else { return nil }
            return UnsafeRawPointer(hit) - hb
        }
        guard let hit = cMemmem(hb, h, nb, n) else { return nil }
        return UnsafeRawPointer(hit) - hb
    }

    static func offset<S: StringProtocol>(of needle: String, in haystack: S) -> Int? {
        var needle = needle
        let fast = needle.withUTF8 { nb -> Int?? in
            haystack.utf8.withContiguousStorageIfAvailable { hb -> Int? in
                offset(of: UnsafeRawBufferPointer(nb), in: UnsafeRawBufferPointer(hb))
            }
        }
        if let fast { return fast }
        var copy = String(haystack)
        return copy.withUTF8 { hb in
            needle.withUTF8 { nb in offset(of: UnsafeRawBufferPointer(nb), in: UnsafeRawBufferPointer(hb)) }
        }
    }
}
