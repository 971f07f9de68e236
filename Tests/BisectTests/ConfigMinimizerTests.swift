import BisectCore
import Build
import Foundation
import Instance
import Model
import Support
import Synchronization
import Testing
import TestSupport

@testable import Bisect

/// Config minimization on a generated C project whose behaviour depends on config options, built
/// and run by real processes (the command builder and tester, `cc`): a "Kconfig" with
/// dependencies (an option whose dependency is off is dropped, as `olddefconfig` does), a bug
/// that needs four options and crashes on about half of the runs, and an option that breaks the
/// build unless another one is on.
struct ConfigMinimizerTests {
    /// The options the crash needs (the bug's path and its subsystem, the checks and their switch).
    static let needed = ["CONFIG_BUGGY_PATH=y", "CONFIG_DEBUG=y", "CONFIG_DEBUG_CHECKS=y", "CONFIG_SUBSYS=y"]

    static let main = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include "config.h"
        #if defined(CONFIG_BROKEN) && !defined(CONFIG_FIXUP)
        #error CONFIG_BROKEN needs CONFIG_FIXUP
        #endif
        int main(void) {
            const char *r = getenv("CULPRIT_RUN");
            unsigned run = r ? (unsigned)atoi(r) : 0;
        #if defined(CONFIG_BUGGY_PATH) && defined(CONFIG_DEBUG_CHECKS)
            /* Flaky: about half of the runs, fixed per run index. */
            if (((run * 2654435761u) >> 13) % 2 == 0) {
                fprintf(stderr, "BUG: use-after-free in buggy_path\n");
                abort();
            }
        #endif
            (void)run;
            return 0;
        }
        """#

    /// `A B`: A depends on B (dependencies listed before what depends on them).
    static let rules = "CONFIG_BUGGY_PATH CONFIG_SUBSYS\nCONFIG_DEBUG_CHECKS CONFIG_DEBUG\n"

    /// The build: "olddefconfig" (the rules), config.h, cc.
    static let make = #"""
        set -e
        cp candidate.config .config
        while read -r option dependency; do
            if grep -q "^$option=y" .config && ! grep -q "^$dependency=y" .config; then
                sed -i "s/^$option=y\$/# $option is not set/" .config
            fi
        done < rules
        sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=y$/#define \1 1/p' .config > config.h
        cc -O0 -o prog main.c
        """#

    static let base = "CONFIG_BASE=y\n# CONFIG_DEBUG is not set\n"

    /// The big config: the base, the bug's options, fillers, and the breaking option with its fixup.
    static func big(withBug: Bool = true) -> String {
        var lines = ["CONFIG_BASE=y", "CONFIG_BROKEN=y", "CONFIG_FIXUP=y"]
        lines += (1...20).map { String(format: "CONFIG_OPT_%02d=y", $0) }
        if withBug { lines += needed }
        return lines.sorted().joined(separator: "\n") + "\n"
    }

    final class Project: Sendable {
        let directory: String
        let builds = Mutex(0)

        init() throws {
            directory = try TestSupport.temporaryDirectory("minimize")
            for (name, text) in [("main.c", main), ("rules", rules), ("make.sh", make)] {
                try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            }
        }

        func minimizer(maxBuilds: Int = 200, journal: String? = nil) throws -> ConfigMinimizer {
            let directory = self.directory
            let builder = CommandBuilder(command: "sh ./make.sh", artifacts: ["prog", ".config"])
            let tester = CommandTester(command: "./prog", jobs: 4)
            return ConfigMinimizer(
                settings: .init(runs: 8, confidence: 0.95, maxBuilds: maxBuilds),
                journal: try .init(path: journal ?? directory + "/journal.jsonl"),
                build: { config, _ in
                    self.builds.withLock { $0 += 1 }
                    try config.write(toFile: directory + "/candidate.config", atomically: true, encoding: .utf8)
                    var result = try await builder.build(
                        BuildRequest(commit: "c", worktree: directory, outputDirectory: directory + "/out"))
                    if var artifact = result.artifact {
                        artifact.files["config"] = directory + "/.config"
                        result.artifact = artifact
                    }
                    return result
                },
                test: { artifact, runs, _, onRun in
                    try await tester.test(
                        TestRequest(
                            commit: "c", worktree: directory, artifact: artifact, runs: runs,
                            logDirectory: directory + "/out"), onRun: onRun)
                },
                line: { _ in })
        }
    }

    /// Whether a candidate with `settings` beyond the base has the bug (after the dependency rules).
    static func hasBug(_ settings: [String]) -> Bool { needed.allSatisfy(settings.contains) }

    @Test(.enabled(if: CompilerTable.isInstalled("cc"), "needs a C compiler (cc)"))
    func findsTheFourOptionsTheCrashNeedsAndNeverCallsACandidateWrongly() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let outcome = try await project.minimizer().minimize(big: Self.big(), base: Self.base)
        #expect(outcome.complete)
        #expect(outcome.kept.sorted() == Self.needed, "\(outcome.kept)")
        #expect(outcome.differing == 26, "every setting but CONFIG_BASE")
        #expect(ConfigMinimizer.Outcome.optionCount(outcome.original) == 27)
        #expect(ConfigMinimizer.Outcome.optionCount(outcome.config) == 5)
        #expect(outcome.reference.crashCount > 0 && outcome.reference.ok > 0, "the bug is flaky")
        // Every call is right: a candidate said to reproduce has the bug's options, one said not
        // to lacks one (or failed to build: the breaking option without its fixup).
        for trial in outcome.trials {
            switch trial.verdict {
            case .reproduces: #expect(Self.hasBug(trial.settings), "\(trial.label): \(trial.settings)")
            case .doesNotReproduce: #expect(!Self.hasBug(trial.settings), "\(trial.label): \(trial.settings)")
            case .buildFailed:
                #expect(trial.settings.contains("CONFIG_BROKEN=y") && !trial.settings.contains("CONFIG_FIXUP=y"))
            case .undecided, .notTried: break
            }
        }
        #expect(outcome.trials.contains { if case .buildFailed = $0.verdict { true } else { false } })
        #expect(outcome.builds == project.builds.withLock { $0 })
        // The minimized config still crashes: its program, built again, aborts on some runs.
        try outcome.config.write(toFile: project.directory + "/candidate.config", atomically: true, encoding: .utf8)
        let rebuilt = try await ProcessRunner.run(
            "/bin/sh", ["-c", "sh ./make.sh && ./prog"], directory: project.directory,
            environment: ["CULPRIT_RUN": "0"], timeout: .seconds(120))
        #expect(!rebuilt.succeeded, "run 0 crashes on a buggy build")
    }

    @Test(.enabled(if: CompilerTable.isInstalled("cc"), "needs a C compiler (cc)"))
    func aSecondRunGoesOnFromTheJournalWithoutBuilding() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let first = try await project.minimizer().minimize(big: Self.big(), base: Self.base)
        let before = project.builds.withLock { $0 }
        let second = try await project.minimizer().minimize(big: Self.big(), base: Self.base)
        #expect(second.kept == first.kept)
        // Only the final config's build is not needed again: every verdict is in the journal.
        #expect(project.builds.withLock { $0 } == before, "no build after a complete first run")
        #expect(second.runs == 0)
    }

    @Test(.enabled(if: CompilerTable.isInstalled("cc"), "needs a C compiler (cc)"))
    func theBuildBudgetStopsAtAConfigThatReproduces() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let outcome = try await project.minimizer(maxBuilds: 4).minimize(big: Self.big(), base: Self.base)
        #expect(!outcome.complete)
        #expect(outcome.builds <= 4)
        #expect(Self.hasBug(outcome.kept), "the answer still has the bug: \(outcome.kept)")
        #expect(outcome.kept.count < outcome.differing || outcome.kept.count == outcome.differing)
    }

    @Test(.enabled(if: CompilerTable.isInstalled("cc"), "needs a C compiler (cc)"))
    func aConfigThatDoesNotReproduceIsRefused() async throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        await #expect(throws: CulpritError.self) {
            _ = try await project.minimizer().minimize(big: Self.big(withBug: false), base: Self.base)
        }
    }

    @Test func splitGivesNearEqualContiguousParts() {
        let items = (1...7).map(String.init)
        #expect(ConfigMinimizer.split(items, into: 2) == [["1", "2", "3"], ["4", "5", "6", "7"]])
        #expect(ConfigMinimizer.split(items, into: 3).map(\.count) == [2, 2, 3])
        #expect(ConfigMinimizer.split(["a"], into: 4) == [["a"]])
    }
}
