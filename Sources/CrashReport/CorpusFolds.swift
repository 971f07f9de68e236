/// Splits a corpus into folds by a hash of each file's name (stable across runs and machines),
/// so accuracy can be measured on files set aside while rules are written against the others.
public enum CorpusFolds {
    /// The fold (0..<count) of a corpus file name: FNV-1a of the name, modulo `count`.
    public static func fold(of name: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(max(1, count)))
    }

    /// One fold's figures.
    public struct FoldFigures: Sendable {
        public var fold: Int
        public var files: Int
        public var summary: CorpusCheck.Summary
    }

    /// Checks each fold on its own.
    public static func run(_ cases: [CorpusCase], folds: Int, check: CorpusCheck = CorpusCheck()) -> [FoldFigures] {
        (0..<folds).map { k in
            let held = cases.filter { fold(of: $0.name, count: folds) == k }
            return FoldFigures(fold: k, files: held.count, summary: check.run(held))
        }
    }
}
