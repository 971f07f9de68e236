import Build
import Instance
import Model
import Testing

@testable import JobConfig

/// A backend of the test's own, registered in a registry of its own: a job file's key reaches it
/// and the job builds and tests with it, with no change to JobConfig.
struct EchoBackend: Backend, Equatable {
    static let kind = "echo"
    static let keys = ["echo"]
    var text: String

    static func read(_ entries: [JobFileEntry], reader: inout JobFileReader) -> EchoBackend? {
        entries.first.flatMap { reader.string($0.key, $0.value) }.map(EchoBackend.init)
    }

    func missingSettings() -> [String] { [] }
    func valueProblems() -> [String] { text.isEmpty ? ["echo: the text is empty"] : [] }
    func overridden(by other: EchoBackend) -> EchoBackend { other }
    var identity: String { "echo\u{0}" + text }
    var settings: JSONValue { .object(["echo": .string(text)]) }

    func makeBuilder(job: BisectJob, workRoot: String) -> any Builder { CommandBuilder(command: "true") }
    func makeTester(job: BisectJob, workRoot: String) -> any Tester {
        CommandTester(command: "echo '\(text)'", jobs: 1)
    }
}

@Suite struct BackendRegistryTests {
    @Test func aRegisteredBackendOwnsItsKeysAndMakesTheBuilderAndTester() throws {
        let registry = BackendRegistry([EchoBackend.self])
        let job = try JobFile.parse("repo: /tmp\nbad: HEAD\necho: hello\n", backends: registry)
        #expect(job.backend as? EchoBackend == EchoBackend(text: "hello"))
        #expect(job.backend?.spec == BackendSpec(kind: "echo", settings: .object(["echo": .string("hello")])))
        #expect(job.makeConfig().backendIdentity == "echo\u{0}hello")
        #expect(try job.makeBuilder(workRoot: "/nonexistent") is CommandBuilder)
        #expect((try job.makeTester(workRoot: "/nonexistent") as? CommandTester)?.command == "echo 'hello'")
        #expect(job.problems().isEmpty, "\(job.problems())")

        // The same registry has no command backend: its keys are unknown there.
        let error = try #require(throws: CulpritError.self) {
            try JobFile.parse("repo: /tmp\nbad: HEAD\nbuild: make\n", name: "j.yml", backends: registry)
        }
        #expect(error.message.contains("j.yml:3: unknown setting 'build'"), "\(error.message)")
        // A backend's value problems reach the job file's report.
        #expect(throws: CulpritError.self) { try JobFile.parse("echo: ''\n", backends: registry) }
    }

    @Test func registeringAKindTwiceKeepsOne() {
        let registry = BackendRegistry([EchoBackend.self, EchoBackend.self])
        #expect(registry.backends.count == 1)
        #expect(registry.backend(owning: "echo")?.kind == "echo")
        #expect(registry.backend(kind: "kernel") == nil)
    }
}
