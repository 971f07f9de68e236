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
            per-field counts and `N passed, M failed`. With --folds K the files are split into K \
            folds by a hash of their names and each fold's figures are printed next to the whole; \
            --held-out F prints mismatches only outside fold F, so rules can be written on the \
            other folds and measured on F.
            """
    )

    @Argument(help: "Corpus directory (e.g. ../shared/corpus/linux/report).")
    var directory: String

    @Option(help: "Split the corpus into this many folds by a hash of the file name and report each fold.")
    var folds: Int?

    @Option(help: "With --folds: the fold set aside (its mismatches are not printed).")
    var heldOut: Int?

    func validate() throws {
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2") }
        if let heldOut {
            guard let folds else { throw ValidationError("--held-out needs --folds") }
            guard (0..<folds).contains(heldOut) else {
                throw ValidationError("--held-out must be between 0 and \(folds - 1)")
            }
        }
    }

    func run() async throws {
        let cases: [CorpusCase]
        do { cases = try CorpusLoader.load(directory) } catch let e as CorpusLoader.LoadError {
            throw CulpritError.badInput(e.description)
        }
        let summary = CorpusCheck().run(cases)
        var hidden = 0
        for m in summary.mismatches {
            if let folds, let heldOut, CorpusFolds.fold(of: m.file, count: folds) == heldOut {
                hidden += 1
                continue
            }
            print("\(m.file): \(m.field): expected \"\(m.expected)\", got \"\(m.got)\"")
        }
        if hidden > 0 { print("(\(hidden) mismatches in held-out fold \(heldOut ?? 0) not shown)") }
        for f in summary.fields {
            print("\(f.name): \(f.matched)/\(f.total)")
        }
        print("\(summary.passed) passed, \(summary.failed) failed")
        guard let folds else { return }
        for fold in CorpusFolds.run(cases, folds: folds) {
            let fields = fold.summary.fields.map { f in
                String(format: "%@ %d/%d (%.1f%%)", f.name, f.matched, f.total, 100 * Double(f.matched) / Double(max(1, f.total)))
            }
            let mark = fold.fold == heldOut ? " [held out]" : ""
            print("fold \(fold.fold)\(mark): \(fold.files) files: " + fields.joined(separator: ", "))
        }
    }
}
