import Bisect
import BisectCore
import Build
import Foundation
import Instance
import Model
import Support
import TestSupport
import Testing

/// A real C program built with AddressSanitizer in a real git repository, bisected by the driver
/// with the command backend: the use-after-free comes in at one commit, and a later commit renames
/// the function, so the reports (and titles) of older buggy revisions differ from the bad one's.
struct SanitizerTitleDriftTests {
    static let compiler = ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func sources(function: String, buggy: Bool) -> [String: String?] {
        let take =
            buggy
            ? "    int *item = q->items[--q->count];\n    free(item);\n    return *item;\n"
            : "    int *item = q->items[--q->count];\n    int value = *item;\n    free(item);\n    return value;\n"
        return [
            "queue.h": "struct queue { int *items[8]; int count; };\nint \(function)(struct queue *q);\n",
            "queue.c": "#include <stdlib.h>\n#include \"queue.h\"\n\n__attribute__((noinline)) int \(function)(struct queue *q) {\n"
                + take + "}\n",
            "main.c": """
                #include <stdio.h>
                #include <stdlib.h>
                #include "queue.h"

                __attribute__((noinline)) static int drain(struct queue *q) {
                    int sum = 0;
                    while (q->count > 0) sum += \(function)(q);
                    return sum;
                }

                int main(void) {
                    struct queue q = {.count = 0};
                    for (int i = 0; i < 4; i++) {
                        q.items[q.count] = malloc(sizeof(int));
                        *q.items[q.count++] = i;
                    }
                    printf("sum %d\\n", drain(&q));
                    return 0;
                }

                """,
        ]
    }

    @Test(.enabled(if: compiler != nil, "no C compiler (cc, gcc or clang) to build the AddressSanitizer program"))
    func renamedFunctionStillFindsTheCulprit() async throws {
        let repo = try await GitRepository.scripted()
        defer { repo.remove() }
        let culprit = 6
        let rename = 15
        let hashes = try await repo.linear(24) { i in
            if i == 0 { return Self.sources(function: "queue_take", buggy: false) }
            if i == culprit { return Self.sources(function: "queue_take", buggy: true) }
            if i == rename { return Self.sources(function: "queue_pop", buggy: true) }
            return [:]
        }
        var config = BisectionConfig(repository: repo.path, bad: hashes[23])
        config.good = hashes[0]
        let builder = CommandBuilder(
            command: "\(Self.compiler!) -g -O0 -fsanitize=address -fno-omit-frame-pointer -o prog main.c queue.c",
            artifacts: ["prog"])
        let tester = CommandTester(command: "./prog", jobs: 2)
        let events = EventLog()
        let bisection = try Bisection(config: config, builder: builder, tester: tester) { events.record($0) }
        let result = try await bisection.run()
        let log = events.text
        // The bad revision's title names the new function; the old revisions print the old one.
        #expect(result.crash?.title.contains("queue_pop") == true, "\(log.suffix(3000))")
        #expect(log.contains("queue_take"), "the older reports were never seen: \(log.suffix(3000))")
        #expect(result.outcome == .found, "\(log.suffix(3000))")
        #expect(result.culprit?.hash == hashes[culprit], "named \(result.culprit?.title ?? "none"): \(log.suffix(3000))")
    }
}
