import Bisect
import Foundation
import Model
import TestSupport
import Testing

/// A build whose configuration dropped options the job asks for (a kernel's olddefconfig, its
/// dependencies off: KASAN without SLUB): the real driver over a real repository, the scripted
/// builder reporting the dropped options (`config-dropped` in the checked-out tree). The
/// kernel builder's side is `KernelBuilderTests` ("a requested option olddefconfig drops").
struct ConfigNotHonouredTests {
    @Test("on the bad revision the job stops at once with an error naming the options, before any run")
    func badRevisionStops() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let hashes = try await repo.linear(8) { i in
            switch i {
            case 3: ["bug": "1"]
            case 7: ["config-dropped": "CONFIG_KASAN CONFIG_KASAN_GENERIC"]
            default: [:]
            }
        }
        let tester = ScriptedTester()
        let error = await #expect(throws: CulpritError.self) {
            _ = try await BisectionTests.run(repo, bad: hashes[7], good: hashes[0], tester: tester)
        }
        #expect(error?.code == .badInput)
        let message = error?.message ?? ""
        #expect(message.contains("lacks settings the job asks for"), "\(message)")
        #expect(message.contains("CONFIG_KASAN, CONFIG_KASAN_GENERIC"), "\(message)")
        #expect(tester.made.withLock { $0 }.isEmpty, "a run was made from a build without the options")
    }

    @Test("on a bisection revision it is skipped, not clean: logged with the reason, named in the result")
    func bisectionRevisionIsSkipped() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        // The bug at 9; commits 3...8 build without KASAN: their clean runs would say "good"
        // whatever the code, which is right here only by luck; at 9...11 they would be wrong.
        let hashes = try await repo.linear(16) { i in
            switch i {
            case 3: ["config-dropped": "CONFIG_KASAN"]
            case 9: ["bug": "1", "config-dropped": "CONFIG_KASAN"]
            case 12: ["config-dropped": nil]
            default: [:]
            }
        }
        let tester = ScriptedTester()
        let builder = ScriptedBuilder()
        let (result, events) = try await BisectionTests.run(
            repo, bad: hashes[15], good: hashes[0], builder: builder, tester: tester)
        let dropped = Set(hashes[3...11])
        let tested = Set(tester.made.withLock { $0 }.map { String($0.prefix { $0 != "#" }) })
        #expect(tested.isDisjoint(with: dropped), "runs were made from builds without the requested options")
        // No run of 3...11 counts: the answer is the stretch 3...12 as candidates, never a
        // confident wrong commit (with their clean runs as evidence, 12 would have been "found").
        #expect(result.outcome == .inconclusive, "\(result.outcome) \(result.culprit?.hash ?? "")")
        #expect(result.candidates.contains { $0.hash == hashes[9] }, "\(result.candidates.map(\.hash))")
        let skippedBuilds = builder.builds.withLock { $0 }.filter(dropped.contains)
        #expect(!skippedBuilds.isEmpty)
        let log = events.text
        for commit in Set(skippedBuilds) {
            #expect(log.contains("skipping \(commit): its kernel config lacks settings the job asks for"), "\(log)")
        }
        let warning = result.warnings.first { $0.contains("skipped because their kernel config lacked") }
        #expect(warning?.contains("(CONFIG_KASAN)") == true, "\(result.warnings)")
        #expect(log.contains("warning: \(Set(skippedBuilds).count) revision(s) skipped"), "\(log.suffix(800))")
    }
}
