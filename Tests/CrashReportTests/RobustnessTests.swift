import Foundation
import Support
import Testing

@testable import CrashReport

@Suite("Robustness")
struct RobustnessTests {
    /// Every report must be internally consistent whatever the input.
    private func check(_ log: [UInt8]) {
        let reports = ReportParser().parse(log)
        for r in reports {
            #expect(r.startOffset >= 0 && r.startOffset <= log.count)
            #expect(r.endOffset >= r.startOffset && r.endOffset <= log.count)
            #expect(!r.title.isEmpty)
            #expect(!r.title.contains("\n"))
            #expect(r.title.utf8.count <= 300)
        }
    }

    @Test("empty input, a lone newline, and header words alone")
    func edges() {
        #expect(ReportParser().parse([UInt8]()).isEmpty)
        #expect(ReportParser().parse("\n").isEmpty)
        for text in [
            "BUG:", "WARNING:", "INFO:", "[  1.0] BUG:", "general protection fault", "Kernel panic", "panic: ",
            "BUG: KASAN: ", "WARNING: CPU: 0 PID: 1 at", "INFO: task ", "kernel BUG at", "\u{0}BUG: x\u{0}",
        ] {
            check(Array(text.utf8))
        }
    }

    @Test("binary garbage and invalid UTF-8 around a real report")
    func garbage() {
        var rng = SplitMix64(seed: 1)
        var bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        check(bytes)
        bytes.append(contentsOf: [0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82])
        bytes.append(contentsOf: Array(KernelFixtures.kasan.utf8))
        bytes.append(contentsOf: [0xf0, 0x28, 0x8c, 0xbc, 0x0a])
        let reports = ReportParser().parse(bytes)
        #expect(reports.contains { $0.title == "KASAN: use-after-free Read in psock_map_pop" })
    }

    @Test("a 1 MB line, with and without a header inside")
    func hugeLines() {
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        check(long)
        var withHeader = long
        withHeader.append(contentsOf: Array(" WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2".utf8))
        withHeader.append(contentsOf: long)
        withHeader.append(10)
        check(withHeader)
        // A line made of markers must not make the scan quadratic.
        let markers = Array(String(repeating: "BUG:WARNING:INFO:", count: 60_000).utf8) + [10]
        let started = Date()
        check(markers)
        #expect(Date().timeIntervalSince(started) < 30)
        var lines: [UInt8] = []
        for _ in 0..<4 { lines += Array("[  1.0] BUG: KASAN: ".utf8) + long + [10] }
        check(lines)
    }

    @Test("many reports in one log are all found")
    func manyReports() {
        var log = ""
        for _ in 0..<500 { log += KernelFixtures.warning + "\n" }
        let reports = ReportParser().parse(log)
        #expect(reports.count == 500)
        #expect(reports.allSatisfy { $0.title == "WARNING in strp_done" })
    }

    @Test(
        "fuzz: mutated corpus logs never crash the parser",
        .enabled(if: Corpus.available, "corpus not found at ../shared/corpus (set CULPRIT_CORPUS to its path)"))
    func fuzzCorpus() throws {
        let cases = try CorpusLoader.load(Corpus.directory("report"))
        var rng = SplitMix64(seed: 0x5eed)
        let started = Date()
        var mutations = 0
        // A few hundred mutations, bounded in time so the suite stays quick on slow machines.
        while mutations < 400 && Date().timeIntervalSince(started) < 20 {
            var log = cases[Int.random(in: 0..<cases.count, using: &rng)].log
            guard !log.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let at = Int.random(in: 0..<log.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: log[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: log.removeSubrange(at..<min(log.count, at + Int.random(in: 1...4096, using: &rng)))
                case 2:
                    log.insert(
                        contentsOf: Array(log[at..<min(log.count, at + 512)]),
                        at: Int.random(in: 0...log.count, using: &rng))
                case 3: log[at] = 10
                case 4:
                    log.insert(
                        contentsOf: Array(
                            ["BUG:", "WARNING:", "Call Trace:", " ? ", "RIP: 0010:", "[<ffff>]", "\r", "+0x"]
                                .randomElement(using: &rng)!.utf8), at: at)
                default: log = Array(log[..<at])
                }
                if log.isEmpty { break }
            }
            check(log)
            mutations += 1
        }
        #expect(mutations >= 50)
    }
}
