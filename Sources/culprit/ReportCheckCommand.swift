import ArgumentParser
import CrashReport
import Foundation
import Model
import Support

struct ReportCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the crash parser against corpus files with expected answers.",
        discussion: """
            DIR holds files in the corpus format (see ../shared/corpus/README.md): a report dir, a \
            guilty dir, or a parent holding `report/` and `guilty/`. Prints every mismatch, then \
            per-field counts and `N passed, M failed`.
            """
    )

    @Argument(help: "Corpus directory (e.g. ../shared/corpus/linux/report).")
    var directory: String

    func run() async throws {
        let cases: [CorpusCase]
        do { cases = try CorpusLoader.load(directory) } catch let e as CorpusLoader.LoadError {
            throw CulpritError.badInput(e.description)
        }
        let summary = CorpusCheck().run(cases)
        for m in summary.mismatches {
            print("\(m.file): \(m.field): expected \"\(m.expected)\", got \"\(m.got)\"")
        }
        for f in summary.fields {
            print("\(f.name): \(f.matched)/\(f.total)")
        }
        print("\(summary.passed) passed, \(summary.failed) failed")
    }
}
