import Foundation
import Testing

@testable import CrashReport

/// Every report of a long log, in order, each cut at its own end (issue 16), in one pass and,
/// through `ReportStream`, in bounded memory.
@Suite("Many reports in one log")
struct MultiReportTests {
    private static let corpusMissing: Comment = "corpus not found at ../shared/corpus (set CULPRIT_CORPUS to its path)"

    private func cases() throws -> [CorpusCase] { try CorpusLoader.load(Corpus.directory("report")) }

    /// Offsets of every occurrence of `needle` in `hay`.
    private func occurrences(of needle: String, in hay: [UInt8]) -> [Int] {
        let n = Array(needle.utf8)
        var found: [Int] = []
        hay.withUnsafeBufferPointer { b in
            var from = 0
            while let at = b.firstOccurrence(of: n, from: from) {
                found.append(at)
                from = at + 1
            }
        }
        return found
    }

    private func lineStart(_ log: [UInt8], _ at: Int) -> Int {
        var i = at
        while i > 0 && log[i - 1] != 10 { i -= 1 }
        return i
    }

    @Test(
        "a long quiet log with a real KASAN oops every 2 MB: all found, each ending at its closing line",
        .enabled(if: Corpus.available, corpusMissing))
    func quietLogWithOopses() throws {
        let oops = try #require(try cases().first { $0.name == "340" }).log
        let log = ReportBenchmark.quietLog(size: 24_000_000, every: 2_000_000, oops: oops)
        let result = ReportParser().parseAll(log)
        let headers = occurrences(of: "BUG: KASAN: slab-out-of-bounds", in: log)
        let closings = occurrences(of: "Memory state around the buggy address", in: log)
        #expect(headers.count == 12)
        #expect(result.reports.count == headers.count)
        #expect(!result.limitReached)
        for (i, r) in result.reports.enumerated() where i < headers.count {
            #expect(r.title == "KASAN: slab-out-of-bounds Write in do_one_initcall")
            #expect(r.startOffset == lineStart(log, headers[i]))
            // The report ends with the `=====` line after the shadow-memory dump, seven lines on.
            var end = closings[i]
            for _ in 0..<8 { end = log[end...].firstIndex(of: 10)! + 1 }
            #expect(r.endOffset == end, "report \(i) ends at \(r.endOffset), expected \(end)")
            #expect(r.text.hasSuffix("==================================================================\n"))
        }
    }

    @Test(
        "the corpus logs concatenated give the per-file reports, in order, nothing capped",
        .enabled(if: Corpus.available, corpusMissing))
    func concatenatedCorpus() throws {
        let logs = try cases().map(\.log)
        let perFile = logs.map { ReportParser().parse($0).map(\.title) }
        let joined = ReportBenchmark.concatenated(logs, times: 1)
        let all = ReportParser().parse(joined).map(\.title)
        let expected = perFile.flatMap { $0 }
        // Adjacent corpus files were often cut from one console log: joined again, a panic, a
        // double fault or an arm `Internal error` that opens a file is printed right after the
        // previous file's report and is its aftermath, not a report of its own. Every other
        // report must be found, in order.
        var i = 0
        var aftermath: [String] = []
        for title in expected {
            if i < all.count && all[i] == title {
                i += 1
            } else {
                aftermath.append(title)
            }
        }
        #expect(i == all.count, "reports found only in the joined log from #\(i): \(all.dropFirst(i).prefix(3))")
        let continuation = ["kernel panic:", "PANIC: double fault", "Internal error"]
        #expect(aftermath.allSatisfy { t in continuation.contains { t.hasPrefix($0) } }, "lost: \(aftermath)")
        #expect(aftermath.count * 50 < expected.count)
        #expect(all.count > 600)
        // Four times the input, four times the reports: nothing is capped.
        #expect(ReportParser().parse(ReportBenchmark.concatenated(logs, times: 4)).count == 4 * all.count)
    }

    @Test(
        "streaming in small chunks finds the same reports as parsing the whole input",
        .enabled(if: Corpus.available, corpusMissing))
    func streamingMatchesWholeParse() throws {
        let logs = try cases().map(\.log)
        let joined = ReportBenchmark.concatenated(Array(logs.prefix(150)), times: 1)
        let whole = ReportParser().parse(joined)
        for chunkSize in [4093, 1 << 20] {
            var stream = ReportStream()
            var streamed: [Report] = []
            var i = 0
            while i < joined.count {
                let j = min(joined.count, i + chunkSize)
                streamed += stream.feed(joined[i..<j])
                i = j
            }
            streamed += stream.finish()
            #expect(streamed.count == whole.count)
            #expect(streamed.map(\.title) == whole.map(\.title))
            #expect(streamed.map(\.startOffset) == whole.map(\.startOffset))
            #expect(streamed.map(\.endOffset) == whole.map(\.endOffset))
        }
    }

    @Test("a stream far larger than the window keeps only the window")
    func boundedWindow() {
        var stream = ReportStream()
        let noise = [UInt8](String(repeating: "y\n", count: 1 << 19).utf8)
        var found = 0
        for i in 0..<64 {
            found += stream.feed(noise).count
            if i % 16 == 0 { found += stream.feed(Array(ReportBenchmark.kasanReport.utf8)).count }
        }
        found += stream.finish().count
        #expect(found == 4)
        #expect(stream.bytesRead > 60 << 20)
        #expect(stream.largestWindow < ReportRegion.leadInBytes + ReportRegion.maxSpan + 2 * noise.count)
    }

    @Test("no silent cap: a limit is kept and said to be reached")
    func limit() {
        var log = ""
        for _ in 0..<200 { log += KernelFixtures.warning + "\n" }
        #expect(ReportParser().parse(log).count == 200)
        var parser = ReportParser()
        parser.maximumReports = 64
        let capped = parser.parseAll(Array(log.utf8))
        #expect(capped.reports.count == 64)
        #expect(capped.limitReached)
        parser.maximumReports = 200
        #expect(!parser.parseAll(Array(log.utf8)).limitReached)
    }

    @Test("the panic after a report is that report's aftermath, not a report of its own")
    func panicAftermath() throws {
        let log = """
            [   10.000000] ------------[ cut here ]------------
            [   10.000001] WARNING: CPU: 0 PID: 1 at net/strparser/strparser.c:510 strp_done+0x7f/0x90
            [   10.000002] Modules linked in:
            [   10.000003] RIP: 0010:strp_done+0x7f/0x90 net/strparser/strparser.c:510
            [   10.000004] Call Trace:
            [   10.000005]  kcm_exit_net+0x1f/0x50 net/kcm/kcmsock.c:2001
            [   10.000006]  ops_exit_list+0xa5/0x150 net/core/net_namespace.c:153
            [   10.000007] ---[ end trace 1234567890abcdef ]---
            [   10.000008] Kernel panic - not syncing: panic_on_warn set ...
            [   10.000009] Kernel Offset: disabled
            [   10.000010] Rebooting in 86400 seconds..

            """
        let reports = ReportParser().parse(log)
        #expect(reports.count == 1)
        let r = try #require(reports.first)
        #expect(r.title == "WARNING in strp_done")
        #expect(r.panicked)
        #expect(r.text.hasSuffix("---[ end trace 1234567890abcdef ]---\n"))
    }
}
