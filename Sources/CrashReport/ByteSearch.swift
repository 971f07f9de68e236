#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fast substring search on UTF-8 bytes (the generic `Collection` search of the standard library
/// compares `Character`s and is far too slow for scanning logs).
enum ByteSearch {
    /// Offset of `needle` in `haystack` (UTF-8 byte offsets), if present.
    ///
    /// `memchr` looks for the needle's rarest byte (in console text: spaces, lower-case letters,
    /// digits and the `[]:.` of prefixes are common; capitals and other punctuation are rare),
    /// and only the hits are compared, so a search costs about one pass over the line.
    @inline(__always)
    static func offset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        let n = needle.count
        let h = haystack.count
        guard n > 0 else { return 0 }
        guard n <= h else { return nil }
        return offset(of: needle, in: haystack, probe: probeIndex(of: needle))
    }

    /// Like ``offset(of:in:)``, with the needle's probe byte index `k` chosen beforehand
    /// (``probeIndex(of:)``; `Needle` keeps it).
    @inline(__always)
    static func offset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, probe k: Int) -> Int? {
        let n = needle.count
        let h = haystack.count
        guard n > 0 else { return 0 }
        guard n <= h, let hb = haystack.baseAddress, let nb = needle.baseAddress else { return nil }
        let probe = Int32(nb.load(fromByteOffset: k, as: UInt8.self))
        // The probe byte of a match at `at` sits at `at + k`, for `at` in 0...h-n.
        var pos = k
        let last = h - n + k
        while pos <= last {
            guard let hit = memchr(hb + pos, probe, last - pos + 1) else { return nil }
            let at = (UnsafeRawPointer(hit) - hb) - k
            if memcmp(hb + at, nb, n) == 0 { return at }
            pos = at + k + 1
        }
        return nil
    }

    /// The index of the needle's rarest byte among its first 12.
    @inline(__always)
    static func probeIndex(of needle: UnsafeRawBufferPointer) -> Int {
        var k = 0
        var best = -1
        for i in 0..<min(needle.count, 12) {
            let r = rarity(needle[i])
            if r > best {
                best = r
                k = i
            }
        }
        return k
    }

    @inline(__always)
    private static func rarity(_ c: UInt8) -> Int {
        switch c {
        case 32: return 0
        case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
            UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "0"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "f"):
            return 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return 2
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 4
        default: return 3
        }
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
