extension String {
    /// Byte-level substring test (shadows the slow generic `contains`).
    @inline(__always)
    func contains(_ needle: String) -> Bool { ByteSearch.offset(of: needle, in: self) != nil }
}

extension Substring {
    /// Byte-level substring test (shadows the slow generic `contains`).
    @inline(__always)
    func contains(_ needle: String) -> Bool { ByteSearch.offset(of: needle, in: self) != nil }
}

extension StringProtocol {
    /// The first range where `needle` occurs.
    func find(_ needle: String) -> Range<Index>? {
        guard let at = ByteSearch.offset(of: needle, in: self) else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: at)
        let upper = utf8.index(lower, offsetBy: needle.utf8.count)
        return lower..<upper
    }

    /// The last range where `needle` occurs.
    func findLast(_ needle: String) -> Range<Index>? {
        var result: Range<Index>?
        var search = self[...]
        while let r = search.find(needle) {
            result = r
            search = self[r.upperBound...]
        }
        return result
    }
}
