/// A job's identifier: a digest of what the job is (the resolved bad and good commits, the mode
/// and the backend's identity), never of where it runs. Two machines bisecting the same commits
/// with the same backend settings agree on it, whatever their paths.
public struct JobID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 32 lowercase hex digits.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The id of a job on `bad` (full hash) with optional `good` (full hash), in `mode`, whose
    /// builds and tests are described by `backendIdentity` (see `Backend.identity`).
    public init(bad: String, good: String?, mode: BisectMode, backendIdentity: String) {
        let text = [bad, good ?? "-", mode.rawValue, backendIdentity].joined(separator: "\u{0}")
        rawValue = Self.hex(Self.fnv(text, 0xcbf2_9ce4_8422_2325)) + Self.hex(Self.fnv(text, 0x8422_2325_cbf2_9ce4))
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// FNV-1a, 64 bits: stable across runs and platforms.
    static func fnv(_ text: String, _ seed: UInt64) -> UInt64 {
        var h = seed
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
