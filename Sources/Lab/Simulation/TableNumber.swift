import Foundation

/// Numbers in the simulator's printed tables.
enum TableNumber {
    /// `x` with `decimals` decimals, right-aligned in `width` columns.
    static func text(_ x: Double, width: Int, decimals: Int = 1) -> String {
        let s = String(format: "%.\(decimals)f", x)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
