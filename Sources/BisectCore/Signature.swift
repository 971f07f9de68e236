/// The bug's crash titles with how often each was seen when confirming the bad revision.
/// One bug often shows several titles (a use-after-free read and write, a stall it causes).
public struct Signature: Sendable, Hashable, Codable {
    public var titles: [String: Int]

    public init(titles: [String: Int]) {
        self.titles = titles.filter { $0.value > 0 }
    }

    /// The signature seen in `evidence` (its crash titles).
    public init(_ evidence: RevisionEvidence) {
        self.init(titles: evidence.crashes)
    }

    public var total: Int { titles.values.reduce(0, +) }
    public var isEmpty: Bool { titles.isEmpty }
    public func contains(_ title: String) -> Bool { titles[title] != nil }

    /// Titles, most frequent first.
    public var ranked: [String] {
        titles.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
}
