import ArgumentParser
import CrashReport
import Foundation
import Model
import Support

struct BenchReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Crash-parser throughput over the corpus (per file and concatenated 1x/4x/16x) and long quiet logs.",
        discussion: """
            Build with `swift build -c release` for meaningful figures. Times are CPU time of the \
            parsing thread. Peak RSS here is the whole process's (it holds every input); \
            scripts/report-bench measures `culprit report parse` on files with /usr/bin/time.
            """
    )

    @Option(help: "Corpus directory with console logs (report/ files).")
    var corpus = "../shared/corpus/linux/report"

    @Option(help: "Size of the synthetic logs in megabytes.")
    var megabytes = 200

    func run() async throws {
        let cases: [CorpusCase]
        do { cases = try CorpusLoader.load(corpus) } catch let e as CorpusLoader.LoadError {
            throw CulpritError.badInput(e.description)
        }
        guard megabytes >= 10 else { throw CulpritError.badInput("--megabytes must be at least 10") }
        let corpusFigures = ReportBenchmark.run(name: "corpus, per file", logs: cases.map(\.log))
        print(Self.line(corpusFigures, detail: "\(cases.count) logs"))
        let perFile = cases.reduce(0) { $0 + ReportParser().parse($1.log).count }
        for times in [1, 4, 16] {
            let log = ReportBenchmark.concatenated(cases.map(\.log), times: times)
            let f = ReportBenchmark.run(name: "corpus concatenated \(times)x", logs: [log], minimumSeconds: 0.5)
            let found = ReportParser().parse(log).count
            print(Self.line(f, detail: "\(found) reports per pass; per-file parses find \(perFile * times)"))
        }
        let oops = cases.first(where: { $0.name == "340" })?.log ?? Array(ReportBenchmark.kasanReport.utf8)
        let quiet = ReportBenchmark.quietLog(size: megabytes * 1_000_000, every: 10_000_000, oops: oops)
        let q = ReportBenchmark.run(name: "quiet \(megabytes) MB, an oops every 10 MB", logs: [quiet], minimumSeconds: 0)
        let expected = megabytes / 10
        print(Self.line(q, detail: "\(q.reports) reports of \(expected) planted"))
        let streamed = ReportBenchmark.stream(name: "same, streamed in 1 MB chunks", log: quiet)
        print(Self.line(streamed.figures, detail: "largest window \(streamed.window / 1000) KB"))
        let log = ReportBenchmark.syntheticLog(size: megabytes * 1_000_000)
        let figures = ReportBenchmark.run(name: "synthetic \(megabytes) MB", logs: [log], minimumSeconds: 0)
        print(Self.line(figures, detail: "3 reports planted"))
    }

    private static func line(_ f: ReportBenchmark.Figures, detail: String) -> String {
        String(
            format: "%@: %.1f MB/s (%.1f MB in %.3f s, %d reports), peak RSS %d MB (%@)", f.name,
            f.megabytesPerSecond, Double(f.bytes) / 1_000_000, f.seconds, f.reports, f.peakRSS / 1_000_000, detail)
    }
}
