import ArgumentParser
import CrashReport
import Foundation
import Model
import Support

struct BenchReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Crash-parser throughput and peak memory over the corpus and a synthetic 200 MB log.",
        discussion: "Build with `swift build -c release` for meaningful figures."
    )

    @Option(help: "Corpus directory with console logs (report/ files).")
    var corpus = "../shared/corpus/linux/report"

    @Option(help: "Size of the synthetic log in megabytes.")
    var megabytes = 200

    func run() async throws {
        let cases: [CorpusCase]
        do { cases = try CorpusLoader.load(corpus) } catch let e as CorpusLoader.LoadError {
            throw CulpritError.badInput(e.description)
        }
        let corpusFigures = ReportBenchmark.run(name: "corpus", logs: cases.map(\.log))
        print(Self.line(corpusFigures, detail: "\(cases.count) logs"))
        let log = ReportBenchmark.syntheticLog(size: megabytes * 1_000_000)
        let before = ReportBenchmark.peakRSS()
        let figures = ReportBenchmark.run(name: "synthetic \(megabytes) MB", logs: [log], minimumSeconds: 0)
        print(
            Self.line(
                figures,
                detail: "log buffer \(log.count / 1_000_000) MB, peak RSS before parsing \(before / 1_000_000) MB"))
    }

    private static func line(_ f: ReportBenchmark.Figures, detail: String) -> String {
        String(
            format: "%@: %.1f MB/s (%.1f MB in %.3f s, %d reports), peak RSS %d MB (%@)", f.name,
            f.megabytesPerSecond, Double(f.bytes) / 1_000_000, f.seconds, f.reports, f.peakRSS / 1_000_000, detail)
    }
}
