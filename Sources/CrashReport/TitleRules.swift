/// Title rules per report family, written after the way the kernel prints each kind of report.
enum TitleRules {
    static func describe(_ c: TitleContext) -> Description {
        let first = describeHeader(c)
        guard !first.known else { return first }
        // An unknown or cut header line ("INFO: t"): a later line with the same marker may be the
        // complete header of the same report.
        for i in c.lines.indices.dropFirst() where c.lines[i].contains(c.header.marker) {
            guard c.header.matches(c.lines[i]) else { continue }
            let later = describeHeader(TitleContext(lines: c.lines[i...], header: c.header))
            if later.known { return later }
        }
        return first
    }

    private static func describeHeader(_ c: TitleContext) -> Description {
        switch c.header.family {
        case .bug: return BugTitles.describe(c)
        case .warning: return WarningTitles.describe(c)
        case .info: return InfoTitles.describe(c)
        case .kernelPanic: return PanicTitles.describe(c)
        default: return OtherTitles.describe(c)
        }
    }
}
