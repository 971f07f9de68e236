/// A small, fast, seedable random generator (SplitMix64), so simulations are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A generator for a sub-stream, independent of this one's future outputs.
    public static func derived(_ seed: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> SplitMix64 {
        var g = SplitMix64(seed: seed ^ (a &* 0xD1B5_4A32_D192_ED03) ^ (b &* 0xAEF1_7502_108E_F2D9))
        _ = g.next()
        return g
    }
}
