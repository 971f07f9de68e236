/// Substring search without Foundation.
extension StringProtocol {
    /// The first range where `needle` occurs.
    func find(_ needle: String) -> Range<Index>? { firstRange(of: needle) }

    /// The last range where `needle` occurs.
    func findLast(_ needle: String) -> Range<Index>? { ranges(of: needle).last }
}
