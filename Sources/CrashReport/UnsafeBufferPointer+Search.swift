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
