import Build
import Foundation
import Model
import Support
import TestSupport
import Testing

@Suite struct CommandBuilderTests {
    /// A scratch directory with a worktree and an output directory for one build.
    struct Scratch {
        let root: String
        var worktree: String { root + "/wt" }
        var output: String { root + "/out" }

        init() throws {
            root = try TestSupport.temporaryDirectory("build")
            try FileManager.default.createDirectory(atPath: root + "/wt", withIntermediateDirectories: true)
        }

        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: worktree + "/" + name, atomically: true, encoding: .utf8)
        }

        func request(_ commit: String = "0123456789abcdef0123456789abcdef01234567") -> BuildRequest {
            BuildRequest(commit: commit, worktree: worktree, outputDirectory: output)
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func compilesARealProgramAndSignsTheArtifact() async throws {
        let s = try Scratch()
        defer { s.remove() }
        try s.write("main.c", "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n")
        let builder = CommandBuilder(
            command: "gcc -fsanitize=address -g -o prog main.c && echo built $CULPRIT_COMMIT", artifacts: ["prog"])
        let result = try await builder.build(s.request())
        #expect(result.status == .built)
        #expect(result.artifact?.directory == s.worktree)
        #expect(result.artifact?.files["prog"] == s.worktree + "/prog")
        let signature = try #require(result.artifact?.signature)
        #expect(signature.count == 64)
        // The log is kept in the output directory and shows the revision from the environment.
        let log = try String(contentsOfFile: s.output + "/build.log", encoding: .utf8)
        #expect(log.contains("built 0123456789abcdef0123456789abcdef01234567"))
        #expect(result.logPath == s.output + "/build.log")
        #expect(result.seconds > 0)

        // The same source builds to the same signature; a different one does not.
        let again = try await builder.build(s.request())
        #expect(again.artifact?.signature == signature)
        try s.write("main.c", "#include <stdio.h>\nint main(void) { puts(\"bye\"); return 0; }\n")
        let changed = try await builder.build(s.request())
        #expect(changed.artifact?.signature != signature)

        #expect(await builder.describe(s.request()).hasPrefix("gcc"))
        // A build command that is not a compiler says nothing of the host's compiler.
        #expect(await CommandBuilder(command: "make -s").describe(s.request()) == "")
    }

    @Test func compileErrorIsAFailedBuildWithTheFirstError() async throws {
        let s = try Scratch()
        defer { s.remove() }
        try s.write("main.c", "int main(void) {\n  return missing_variable;\n}\n")
        let builder = CommandBuilder(command: "echo compiling; gcc -c main.c -o main.o")
        let result = try await builder.build(s.request())
        #expect(result.status == .failed)
        #expect(result.artifact == nil)
        let first = try #require(result.firstError)
        #expect(first.contains("error:"))
        #expect(first.contains("missing_variable"))
        #expect(result.logTail?.contains("compiling") == true)
        #expect(FileManager.default.fileExists(atPath: s.output + "/build.log"))
    }

    @Test func linkErrorAndMissingArtifactAreFailures() async throws {
        let s = try Scratch()
        defer { s.remove() }
        try s.write("main.c", "void nowhere(void);\nint main(void) { nowhere(); return 0; }\n")
        let link = try await CommandBuilder(command: "gcc -o prog main.c").build(s.request())
        #expect(link.status == .failed)
        #expect(link.firstError?.contains("undefined reference") == true)

        let missing = try await CommandBuilder(command: "true", artifacts: ["prog"]).build(s.request())
        #expect(missing.status == .failed)
        #expect(missing.firstError?.contains("did not produce prog") == true)
    }

    @Test func failureWithoutAnErrorLineUsesTheLastLine() async throws {
        let s = try Scratch()
        defer { s.remove() }
        let result = try await CommandBuilder(command: "echo one; echo 'last words'; exit 3").build(s.request())
        #expect(result.status == .failed)
        #expect(result.firstError == "last words")
        #expect(result.logTail == "one\nlast words")
    }

    @Test func timeoutIsAFailedBuild() async throws {
        let s = try Scratch()
        defer { s.remove() }
        // Had the kill failed, the command would go on to print "finished".
        let result = try await CommandBuilder(
            command: "echo start; sleep 30; echo finished", timeout: .seconds(2)
        )
        .build(s.request())
        // Once lost under a loaded full suite (the timer was armed on a busy cooperative pool,
        // after the command had run to its end); the process guard now keeps the limit itself.
        #expect(result.logTail?.contains("finished") == false)
        #expect(result.status == .failed)
        #expect(result.firstError?.contains("timed out") == true)
    }

    @Test func commitIsNeverSplicedIntoTheCommand() async throws {
        let s = try Scratch()
        defer { s.remove() }
        let hostile = "$(touch pwned); `touch pwned2`"
        let result = try await CommandBuilder(command: "printf '%s' \"$CULPRIT_COMMIT\" > seen")
            .build(s.request(hostile))
        #expect(result.status == .built)
        #expect(try String(contentsOfFile: s.worktree + "/seen", encoding: .utf8) == hostile)
        #expect(!FileManager.default.fileExists(atPath: s.worktree + "/pwned"))
        #expect(!FileManager.default.fileExists(atPath: s.worktree + "/pwned2"))
    }

    @Test func missingWorktreeIsAnInfrastructureError() async throws {
        let request = BuildRequest(commit: "abc", worktree: "/nonexistent/culprit-wt", outputDirectory: "/tmp/x")
        await #expect(throws: CulpritError.self) { try await CommandBuilder(command: "true").build(request) }
    }

    @Test func firstErrorPrefersCompilerDiagnostics() {
        let log = """
            gcc -Werror -c a.c
            a.c:3:5: error: expected ';' before '}' token
            make: *** [Makefile:2: a.o] Error 1
            """
        #expect(BuildLog.firstError(in: log) == "a.c:3:5: error: expected ';' before '}' token")
        #expect(
            BuildLog.firstError(in: "make: *** No rule to make target 'x'.  Stop.")?.hasPrefix("make") == true)
    }
}
