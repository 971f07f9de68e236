/// Compares the parser with expected answers from corpus files.
public struct CorpusCheck: Sendable {
    /// One field that differs.
    public struct Mismatch: Sendable, Hashable {
        public var file: String
        public var field: String
        public var expected: String
        public var got: String
    }

    /// Per-field tallies and every mismatch.
    public struct Summary: Sendable {
        /// Field name -> (matching, total), in the order fields are reported.
        public var fields: [(name: String, matched: Int, total: Int)] = []
        public var mismatches: [Mismatch] = []
        public var passed = 0
        public var failed = 0

        public func ratio(_ field: String) -> Double? {
            guard let f = fields.first(where: { $0.name == field }), f.total > 0 else { return nil }
            return Double(f.matched) / Double(f.total)
        }

        mutating func count(_ name: String, _ ok: Bool) {
            if let i = fields.firstIndex(where: { $0.name == name }) {
                fields[i].total += 1
                if ok { fields[i].matched += 1 }
            } else {
                fields.append((name, ok ? 1 : 0, 1))
            }
        }
    }

    public var parser = ReportParser()

    public init() {}

    /// Checks cases: report cases compare title, type and corrupted; cases with `FILE:`
    /// compare the guilty file.
    public func run(_ cases: [CorpusCase]) -> Summary {
        var summary = Summary()
        for c in cases {
            let report = parser.parse(c.log).first
            var ok = true
            func compare(_ field: String, _ expected: String, _ got: String) {
                let same = expected == got
                summary.count(field, same)
                if !same {
                    ok = false
                    summary.mismatches.append(Mismatch(file: c.name, field: field, expected: expected, got: got))
                }
            }
            if let file = c.guiltyFile {
                compare("guilty", file, report?.guiltyFile ?? "")
            } else {
                compare("title", c.title, report?.title ?? "")
                compare("type", c.type, report?.type ?? "")
                compare("corrupted", c.corrupted ? "Y" : "N", report?.corrupted == true ? "Y" : "N")
            }
            if ok { summary.passed += 1 } else { summary.failed += 1 }
        }
        return summary
    }
}
