import Testing

@testable import CrashReport

extension ReportParser {
    /// The one report of `log`; records an issue when there is not exactly one.
    static func single(_ log: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Report {
        let reports = ReportParser().parse(log)
        #expect(reports.count == 1, "reports: \(reports.map(\.title))", sourceLocation: sourceLocation)
        return try #require(reports.first, sourceLocation: sourceLocation)
    }
}
