import Foundation
import Model
import Testing

struct JobSpecTests {
    @Test func jobIDDependsOnWhatTheJobIsNotWhereItRuns() {
        let bad = String(repeating: "a", count: 40)
        let good = String(repeating: "b", count: 40)
        let id = JobID(bad: bad, good: good, mode: .cause, backendIdentity: "command\u{0}make\u{0}./t")
        #expect(id.rawValue.count == 32)
        #expect(id.rawValue.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // The same job named again (another machine, another path) gets the same id.
        #expect(id == JobID(bad: bad, good: good, mode: .cause, backendIdentity: "command\u{0}make\u{0}./t"))
        // Any change to what the job is gives another.
        #expect(id != JobID(bad: bad, good: good, mode: .fix, backendIdentity: "command\u{0}make\u{0}./t"))
        #expect(id != JobID(bad: bad, good: nil, mode: .cause, backendIdentity: "command\u{0}make\u{0}./t"))
        #expect(id != JobID(bad: bad, good: good, mode: .cause, backendIdentity: "command\u{0}make\u{0}./u"))
    }

    @Test func specRoundTripsWithSnakeCaseKeys() throws {
        let spec = JobSpec(
            repository: "https://example.com/linux.git", bad: "v6.2", good: "v6.1", mode: .fix, strategy: .syzbot2019,
            budgets: .init(runs: 10, confidence: 0.99, maxBuilds: 30, maxRuns: 300), parallelRuns: 4, timeout: 600,
            backend: BackendSpec(
                kind: "kernel",
                settings: .object(["config": .string("x86_64.config"), "vms": .number(4), "kvm": .bool(false)])))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(spec)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"max_builds\":30"))
        #expect(text.contains("\"parallel_runs\":4"))
        #expect(try JSONDecoder().decode(JobSpec.self, from: data) == spec)
    }

    @Test func canonicalSettingsTextIsOrderIndependent() {
        let a = JSONValue.object(["b": .number(1), "a": .array([.string("x\n"), .null, .bool(true), .number(0.5)])])
        let b = JSONValue.object(["a": .array([.string("x\n"), .null, .bool(true), .number(0.5)]), "b": .number(1)])
        #expect(a.canonicalText == b.canonicalText)
        #expect(a.canonicalText == #"{"a":["x\n",null,true,0.5],"b":1}"#)
    }
}
