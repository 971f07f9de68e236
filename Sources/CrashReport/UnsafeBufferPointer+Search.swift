#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension UnsafeBufferPointer where Element == UInt8 {
    /// Offset of the first occurrence of `needle` in `[from, to)` (memchr on the first byte, then compare).
    func firstOccurrence(of needle: [UInt8], from: Int, to: Int? = nil) -> Int? {
        let limit = Swift.min(to ?? count, count)
        guard let base = baseAddress, let first = needle.first, from >= 0, from + needle.count <= limit else {
            return nil
        }
        var pos = from
        while pos + needle.count <= limit {
            guard let hit = memchr(base + pos, Int32(first), limit - pos - needle.count + 1) else { return nil }
            let offset = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            if needle.withUnsafeBytes({ memcmp(base + offset, $0.baseAddress!, needle.count) }) == 0 { return offset }
            pos = offset + 1
        }
        return nil
    }

    /// Offset of the last occurrence of `needle` at or after `from`, if any (one forward pass).
    func lastOccurrence(of needle: [UInt8], from: Int) -> Int? {
        var last: Int?
        var pos = from
        while let hit = firstOccurrence(of: needle, from: pos) {
            last = hit
            pos = hit + 1
        }
        return last
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Offset of the last `byte` in `[0, end)`, or -1: eight bytes at a time (a portable memrchr).
    func lastIndex(of byte: UInt8, before end: Int) -> Int {
        guard let base = baseAddress else { return -1 }
        var i = Swift.min(end, count)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let pattern = ones &* UInt64(byte)
        while i >= 8 {
            let word = UnsafeRawPointer(base + i - 8).loadUnaligned(as: UInt64.self) ^ pattern
            // A zero byte in `word` is a match (the classic has-zero-byte test).
            if (word &- ones) & ~word & (ones &* 0x80) != 0 { break }
            i -= 8
        }
        while i > 0 {
            i -= 1
            if base[i] == byte { return i }
        }
        return -1
    }
}
