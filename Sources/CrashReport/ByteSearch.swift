#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        let first = Int32(nb.load(as: UInt8.self))
        var pos = 0
        while pos + n <= h {
            guard let hit = memchr(hb + pos, first, h - pos - n + 1) else { return nil }
            let at = UnsafeRawPointer(hit) - hb
            if memcmp(hb + at, nb, n) == 0 { return at }
            pos = at + 1
        }
        return nil
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
