import Foundation
import TestSupport
import Testing

@testable import CrashReport

/// The shared corpus: `../shared/corpus` from the package root, or `CULPRIT_CORPUS`.
enum Corpus {
    static var root: String {
        if let path = ProcessInfo.processInfo.environment["CULPRIT_CORPUS"], !path.isEmpty { return path }
        return (TestSupport.packageRoot as NSString).deletingLastPathComponent + "/shared/corpus"
    }

    static func directory(_ name: String) -> String { root + "/linux/" + name }

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory("report"))
            && FileManager.default.fileExists(atPath: directory("guilty"))
    }
}

@Suite("Linux corpus")
struct CorpusTests {
    @Test(
        "report titles, types and damage match the corpus answers",
        .enabled(if: Corpus.available, "corpus not found at ../shared/corpus (set CULPRIT_CORPUS to its path)"))
    func reportDirectory() throws {
        let summary = CorpusCheck().run(try CorpusLoader.load(Corpus.directory("report")))
        let title = try #require(summary.ratio("title"))
        let type = try #require(summary.ratio("type"))
        let corrupted = try #require(summary.ratio("corrupted"))
        #expect(title >= 0.97, "title accuracy \(title)")
        #expect(type >= 0.95, "type accuracy \(type)")
        #expect(corrupted >= 0.95, "corrupted accuracy \(corrupted)")
        #expect(summary.fields.first(where: { $0.name == "title" })?.total ?? 0 >= 600)
    }

    @Test(
        "guilty files match the corpus answers",
        .enabled(if: Corpus.available, "corpus not found at ../shared/corpus (set CULPRIT_CORPUS to its path)"))
    func guiltyDirectory() throws {
        let summary = CorpusCheck().run(try CorpusLoader.load(Corpus.directory("guilty")))
        let guilty = try #require(summary.ratio("guilty"))
        #expect(guilty >= 0.90, "guilty accuracy \(guilty)")
    }

    @Test(
        "the parent directory loads both halves",
        .enabled(if: Corpus.available, "corpus not found at ../shared/corpus (set CULPRIT_CORPUS to its path)"))
    func parentDirectory() throws {
        let cases = try CorpusLoader.load(Corpus.root + "/linux")
        #expect(cases.contains { $0.name.hasPrefix("report/") })
        #expect(cases.contains { $0.name.hasPrefix("guilty/") })
    }

    @Test("a corpus file's headers, comments and REPORT section are read")
    func corpusFormat() throws {
        let text =
            "# a comment\nTITLE: WARNING in foo\nALT: bar\nCORRUPTED: Y\n\nline one\nline two\n\nREPORT:\nWARNING in foo\n"
        let c = try #require(CorpusCase(name: "x", bytes: Array(text.utf8)))
        #expect(c.title == "WARNING in foo")
        #expect(c.alternativeTitles == ["bar"])
        #expect(c.corrupted)
        #expect(String(decoding: c.log, as: UTF8.self) == "line one\nline two\n")
    }

    @Test("a missing directory is reported, not crashed on")
    func missingDirectory() {
        #expect(throws: CorpusLoader.LoadError.self) { try CorpusLoader.load("/nonexistent/culprit-corpus") }
    }
}
