import Foundation
import Model
import TestSupport
import Testing

@testable import Bisect

/// The journal keeps what it can read, sets aside what it cannot, refuses files it did not
/// write, and keeps the job locked even when its file is deleted.
@Suite struct JournalTests {
    static let identity = JobIdentity(
        job: JobID(bad: "b", good: "g", mode: .cause, backendIdentity: "command"), repository: "/r", bad: "b",
        good: "g", mode: .cause, backend: "command")

    static func directory() throws -> String {
        try TestSupport.temporaryDirectory("journal")
    }

    static func run(_ commit: String, _ index: Int) -> JobEvent {
        .runFinished(commit: commit, run: RunResult(index: index, outcome: .ok, seconds: 1))
    }

    @Test func unreadableLinesKeepTheRecordsAfterThem() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let journal = try JobJournal(directory: dir, identity: Self.identity)
            for i in 0..<6 { try journal.record(Self.run("c1", i)) }
        }
        // Damage three lines in the middle: garbage, NUL bytes, an unknown event kind.
        let path = dir + "/journal.jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.insert("garbage {", at: 2)
        lines.insert("\u{0}\u{0}\u{0}", at: 4)
        lines.insert("{\"event\":\"from_the_future\",\"commit\":\"c1\"}", at: 6)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let reopened = try JobJournal(directory: dir, identity: Self.identity)
        #expect(reopened.events.count == 6, "every readable record is kept")
        #expect(reopened.notices.count == 1)
        #expect(reopened.notices.first?.contains("3 unreadable line(s)") == true, "\(reopened.notices)")
        let aside = try String(contentsOfFile: dir + "/journal.unreadable-1.jsonl", encoding: .utf8)
        #expect(aside.contains("garbage {") && aside.contains("from_the_future"))
        // New records go after the kept ones, and all of them survive the next opening.
        try reopened.record(Self.run("c1", 6))
        let again = try JobJournal.read(Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        #expect(again.events.count == 7 && again.unreadable.isEmpty)
    }

    @Test func aGarbageHeaderIsRefusedNotEmptied() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = "not a header\n{\"event\":\"line\",\"text\":\"x\"}\n"
        try text.write(toFile: dir + "/journal.jsonl", atomically: true, encoding: .utf8)
        #expect(throws: CulpritError.self) { try JobJournal(directory: dir, identity: Self.identity) }
        #expect(try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8) == text, "left as it was")
    }

    @Test func aStateDirectoryWithTheUsersFilesIsRefused() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "my own notes\n".write(toFile: dir + "/journal.jsonl", atomically: true, encoding: .utf8)
        do {
            _ = try JobJournal(directory: dir, identity: Self.identity)
            Issue.record("a journal culprit did not write was accepted")
        } catch let error as CulpritError {
            #expect(error.code == .badInput)
            #expect(error.message.contains("was not written by culprit"), "\(error.message)")
        }
        #expect(try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8) == "my own notes\n")

        let other = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try "x".write(toFile: other + "/thesis.tex", atomically: true, encoding: .utf8)
        #expect(throws: CulpritError.self) { try JobJournal(directory: other, identity: Self.identity) }
        #expect(!FileManager.default.fileExists(atPath: other + "/journal.jsonl"))
    }

    @Test func deletingTheJournalKeepsTheJobLockedAndStopsTheWriter() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try JobJournal(directory: dir, identity: Self.identity)
        try first.record(Self.run("c1", 0))
        try FileManager.default.removeItem(atPath: dir + "/journal.jsonl")
        do {
            _ = try JobJournal(directory: dir, identity: Self.identity)
            Issue.record("a second process could open the job while the first runs")
        } catch let error as CulpritError {
            #expect(error.message.contains("another culprit process is running this job"), "\(error.message)")
        }
        do {
            try first.record(Self.run("c1", 1))
            Issue.record("the first process went on writing to a deleted journal")
        } catch let error as CulpritError {
            #expect(error.message.contains("was deleted or replaced"), "\(error.message)")
        }
    }
}
