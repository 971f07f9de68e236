import Foundation
import Model
import Support

/// Plans the demo project's history: ~200 first-parent commits, side branches merged back,
/// release tags, and the planted events (the use-after-free, the broken-build stretch, the
/// rare unrelated crash). Deterministic for a given seed.
struct DemoHistory {
    typealias Person = DemoPeople.Person

    struct Commit {
        var mark: Int
        var parents: [Int]
        var author: Person
        var committer: Person
        var time: Int
        var zone: String
        var message: String
        /// The full tree after this commit.
        var files: [String: String]
        var title: String { String(message.prefix { $0 != "\n" }) }
    }

    struct Tag {
        var name: String
        var mark: Int
        var time: Int
    }

    /// What is planted where (marks of commits).
    struct Plan {
        var culprit = 0
        var unrelatedCrash = 0
        var brokenStart = 0
        var brokenFix = 0
    }

    private struct Branch {
        var name: String
        var owner: Person
        var fork: Int
        var merge: Int
        var count: Int
        var theme: String
        var summary: [String]
    }

    /// Commits in topological order (parents first).
    private(set) var commits: [Commit] = []
    private(set) var tags: [Tag] = []
    private(set) var plan = Plan()

    private var rng: SplitMix64
    private var sequence = 0
    private var optionsUsed = 0
    private var paragraphsUsed = 0
    private var documentedOptions: [Int] = []
    private var testsAdded = 0
    private var lastExtended = ""

    static let mainlineLength = 200

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        generate()
    }

    private mutating func generate() {
        let branches = [
            Branch(
                name: "lru-work", owner: DemoPeople.aiko, fork: 18, merge: 30, count: 6, theme: "mixed",
                summary: ["design notes on the LRU list", "more test cases"]),
            Branch(
                name: "options", owner: DemoPeople.priya, fork: 55, merge: 64, count: 7, theme: "options",
                summary: ["new options for logging, limits and snapshots"]),
            Branch(
                name: "proto-next", owner: DemoPeople.tomasz, fork: 100, merge: 112, count: 8, theme: "proto",
                summary: ["TOUCH and EXISTS commands", "protocol documentation", "tests for the new commands"]),
            Branch(
                name: "docs-next", owner: DemoPeople.hannah, fork: 120, merge: 135, count: 10, theme: "docs",
                summary: ["operations guide", "contribution guidelines", "option reference"]),
            Branch(
                name: "stats-next", owner: DemoPeople.kwame, fork: 142, merge: 170, count: 8, theme: "stats",
                summary: ["hit ratio in STATS", "a STATISTICS entry in MAINTAINERS", "tests"]),
            Branch(
                name: "tests", owner: DemoPeople.elena, fork: 165, merge: 178, count: 6, theme: "tests",
                summary: ["more test cases"]),
            Branch(
                name: "docs-2", owner: DemoPeople.hannah, fork: 182, merge: 192, count: 7, theme: "docs",
                summary: ["option reference updates", "testing guide"]),
        ]
        let releases = [40: "v1.0", 90: "v1.1", 140: "v1.2", 186: "v1.3"]

        // First-parent times: a commit every 4 to 20 hours from 2024-01-08.
        var times: [Int] = []
        var t = 1_704_708_000
        for _ in 0..<Self.mainlineLength {
            times.append(t)
            t += 3600 * (4 + rng.below(17)) + rng.below(3600)
        }

        var state = DemoState()
        var tip = 0
        var forks: [String: (base: DemoState, marks: [Int], state: DemoState)] = [:]
        for i in 0..<Self.mainlineLength {
            if let branch = branches.first(where: { $0.merge == i }), let side = forks[branch.name] {
                state = state.merged(with: side.state, base: side.base)
                let titles = side.marks.map { commits[$0 - 1].title }
                tip = append(
                    parents: [tip, side.marks.last!], author: DemoPeople.maria, committer: DemoPeople.maria,
                    time: times[i], message: mergeMessage(branch, titles: titles), state: state)
            } else {
                let (author, message) = mainlineChange(i, &state)
                tip = append(
                    parents: tip == 0 ? [] : [tip], author: author,
                    committer: i == 0 ? author : DemoPeople.maria, time: times[i], message: message, state: state)
                switch i {
                case 70: plan.unrelatedCrash = tip
                case 148: plan.brokenStart = tip
                case 153: plan.brokenFix = tip
                case 160: plan.culprit = tip
                default: break
                }
            }
            if let name = releases[i] { tags.append(Tag(name: name, mark: tip, time: times[i] + 1800)) }
            for branch in branches where branch.fork == i {
                let base = state
                var side = state
                var sideTip = tip
                var marks: [Int] = []
                let span = times[branch.merge] - times[i]
                for j in 0..<branch.count {
                    let (author, message) = sideChange(branch, j, &side)
                    sideTip = append(
                        parents: [sideTip], author: author, committer: branch.owner,
                        time: times[i] + span * (j + 1) / (branch.count + 1), message: message, state: side)
                    marks.append(sideTip)
                }
                forks[branch.name] = (base, marks, side)
            }
        }
    }

    private mutating func append(
        parents: [Int], author: Person, committer: Person, time: Int, message: String, state: DemoState
    ) -> Int {
        let zones = ["+0100", "+0200", "+0000", "+0900", "-0500", "+0530", "+0100", "+0300", "+0100", "-0800"]
        let zone = zones[DemoPeople.contributors.firstIndex(of: author) ?? 0]
        var text = message
        if parents.count < 2 {
            let lastLine = text.split(separator: "\n").last ?? ""
            if !lastLine.contains("-by: ") { text += "\n" }
            text += "\nSigned-off-by: \(author.ident)"
            if committer != author { text += "\nSigned-off-by: \(committer.ident)" }
        }
        let mark = commits.count + 1
        commits.append(
            Commit(
                mark: mark, parents: parents, author: author, committer: committer, time: time, zone: zone,
                message: text + "\n", files: DemoSources.render(state)))
        return mark
    }

    private mutating func nextSequence() -> String {
        sequence += 1
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[rng.below(items.count)] }

    // MARK: - Mainline

    private mutating func mainlineChange(_ i: Int, _ state: inout DemoState) -> (Person, String) {
        switch i {
        case 0:
            state.set("const:capacity", "64")
            state.set("const:max-line", "512")
            state.set("option:\(nextSequence())", "capacity\t64\tentries kept before the oldest is evicted")
            state.set("option:\(nextSequence())", "max-line\t512\tlongest request line, in bytes")
            state.set(
                "doc:README.md:\(nextSequence())",
                "# kvcache\n\nA small in-memory key-value cache with LRU eviction, spoken to over a line protocol.")
            state.set("test:basic", "SET a 1\nGET a\nDEL a\nGET a\n")
            return (
                DemoPeople.maria,
                """
                kvcache: initial import

                A small in-memory key-value cache: a chained hash table with LRU eviction, a line \
                protocol (SET, GET, DEL, STATS, QUIT) on standard input, and a few counters.
                """
            )
        case 9:
            state.enable("config-cmd")
            return (
                DemoPeople.tomasz,
                """
                proto: add CONFIG command

                Print the option table, so that users can see what can be tuned and the defaults \
                without reading the source.

                Reviewed-by: \(DemoPeople.priya.ident)
                """
            )
        case 22:
            state.set("const:capacity", "128")
            return (
                DemoPeople.priya,
                """
                kvcache.h: raise the default capacity to 128 entries

                64 entries turned out too small for the session store we run in front of the \
                web tier: the hit ratio dropped below 60% at peak. 128 keeps it above 90%.

                Reported-by: \(DemoPeople.sofia.ident)
                """
            )
        case 50:
            state.enable("pressure")
            return (
                DemoPeople.maria,
                """
                cache: give memory back under pressure

                When the host is short of memory, drop every cached entry: a cache can always be \
                rebuilt, and being killed by the OOM killer loses it anyway. GET checks for \
                pressure after its lookup, and works on a copy of the value so that a reclaim \
                cannot pull the value from under it.

                Pressure is sampled from the environment (src/pressure.c).
                """
            )
        case 70:
            state.enable("hist")
            return (
                DemoPeople.kwame,
                """
                stats: keep a histogram of GET latency

                Record how long each GET takes in 5us buckets and print the non-empty ones in \
                STATS. This is what we need to tell a slow client from a slow cache.

                Reviewed-by: \(DemoPeople.maria.ident)
                """
            )
        case 95:
            state.set("const:max-line", "1024")
            return (
                DemoPeople.aiko,
                """
                kvcache.h: accept request lines up to 1024 bytes

                Session tokens got longer; lines over 512 bytes were split and the tail parsed \
                as a command of its own.

                Reported-by: \(DemoPeople.daniel.ident)
                """
            )
        case 33:
            state.enable("max-key")
            return (
                DemoPeople.sofia,
                """
                proto: reject keys longer than 250 bytes

                Nothing limited key length, so one client could fill memory with a handful of \
                multi-megabyte keys. 250 bytes is what memcached allows too.

                Reviewed-by: \(DemoPeople.tomasz.ident)
                """
            )
        case 44:
            state.enable("flush")
            return (
                DemoPeople.lukas,
                """
                main: flush each reply before reading the next command

                When stdout is a pipe, replies sat in the stdio buffer until exit, so a client \
                waiting for "OK" before sending its next command hung forever.

                Reported-by: \(DemoPeople.kwame.ident)
                """
            )
        case 145:
            state.enable("del-stats")
            return (
                DemoPeople.kwame,
                """
                stats: count deletions

                Evictions and deletions both shrink the cache; only evictions were counted, \
                which made the entry count in STATS look inconsistent.
                """
            )
        case 157:
            state.enable("env-capacity")
            return (
                DemoPeople.hannah,
                """
                main: take the capacity from KVCACHE_CAPACITY

                Service managers make environment variables easier to set than arguments. The \
                command-line argument still wins.
                """
            )
        case 165:
            state.enable("nocase")
            return (
                DemoPeople.aiko,
                """
                proto: accept commands in any case

                Humans typing into a telnet session write "get foo"; the protocol document never \
                said commands were case-sensitive.

                Acked-by: \(DemoPeople.tomasz.ident)
                """
            )
        case 175:
            state.enable("pow2")
            return (
                DemoPeople.maria,
                """
                cache: round the bucket count up to a power of two

                So that the modulo in every lookup can become a mask in a later patch. Uses at \
                most twice the memory for the table, which is small next to the entries.
                """
            )
        case 148:
            state.enable("rename")
            return (
                DemoPeople.lukas,
                """
                cache: rename count to nentries

                "count" is ambiguous next to the statistics counters; "nentries" says what it is.
                No functional change.
                """
            )
        case 153:
            state.enable("rename-stats")
            return (
                DemoPeople.kwame,
                """
                stats: fix the build after the nentries rename

                "cache: rename count to nentries" missed the user in stats.c:

                  src/stats.c: error: 'const struct kv_cache' has no member named 'count'

                Reported-by: \(DemoPeople.elena.ident)
                """
            )
        case 160:
            state.enable("getref")
            return (
                DemoPeople.daniel,
                """
                proto: avoid copying values in GET

                GET duplicates every value before writing it out: an allocation and a copy per \
                hit, which shows up in profiles as soon as values are more than a few hundred \
                bytes. Write the value straight from the cache entry instead.

                Reviewed-by: \(DemoPeople.tomasz.ident)
                """
            )
        default:
            return filler(
                &state, author: pick(DemoPeople.contributors, &rng),
                kinds: ["option", "option", "doc", "doc", "optdoc", "optdoc", "test", "test", "reword", "extend"])
        }
    }

    // MARK: - Side branches

    private mutating func sideChange(_ branch: Branch, _ j: Int, _ state: inout DemoState) -> (Person, String) {
        switch (branch.theme, j) {
        case ("proto", 1):
            state.enable("touch")
            return (
                DemoPeople.aiko,
                """
                proto: add TOUCH command

                TOUCH marks a key as recently used without sending its value back, which keeps \
                large hot values cached without the traffic of a GET.

                Acked-by: \(DemoPeople.maria.ident)
                """
            )
        case ("proto", 4):
            state.enable("exists")
            return (
                DemoPeople.tomasz,
                """
                proto: add EXISTS command

                Answer 1 or 0. Clients used GET for this and threw the value away.
                """
            )
        case ("stats", 0):
            state.enable("stats-section")
            return (
                DemoPeople.kwame,
                """
                MAINTAINERS: add a STATISTICS entry

                I have been looking after src/stats.c for a while; make it official so that \
                patches reach me.

                Acked-by: \(DemoPeople.maria.ident)
                """
            )
        case ("stats", 2):
            state.enable("ratio")
            return (
                DemoPeople.kwame,
                """
                stats: print the hit ratio

                Everyone computes it from the hits and gets lines; print it.
                """
            )
        default:
            let author = rng.below(3) == 0 ? pick(DemoPeople.contributors, &rng) : branch.owner
            let kinds: [String]
            switch branch.theme {
            case "options": kinds = ["option"]
            case "docs": kinds = ["doc", "optdoc"]
            case "tests": kinds = ["test"]
            default: kinds = ["doc", "test"]
            }
            return filler(&state, author: author, kinds: kinds)
        }
    }

    private func mergeMessage(_ branch: Branch, titles: [String]) -> String {
        let owner = branch.owner.email.prefix { $0 != "@" }
        var text = """
            Merge branch '\(branch.name)' of https://git.example.org/\(owner)/kvcache

            Pull \(branch.name) from \(branch.owner.name):


            """
        text += branch.summary.map { " - \($0)" }.joined(separator: "\n") + "\n\n"
        text += "* '\(branch.name)':\n" + titles.reversed().map { "  \($0)" }.joined(separator: "\n")
        return text
    }

    // MARK: - Filler changes

    private mutating func filler(_ state: inout DemoState, author: Person, kinds: [String]) -> (Person, String) {
        var kind = kinds[rng.below(kinds.count)]
        // When a pool runs dry, fall back along option -> optdoc -> doc -> reword -> test.
        if kind == "option" && optionsUsed >= DemoText.options.count { kind = "optdoc" }
        if kind == "optdoc" && documentedOptions.count >= optionsUsed { kind = "doc" }
        if kind == "doc" && paragraphsUsed >= DemoText.paragraphs.count {
            kind = kinds.contains("reword") ? "reword" : "test"
        }
        let options = state.values(prefix: "option:").filter { !$0.1.hasSuffix(")") }
        if kind == "reword" && options.isEmpty { kind = "test" }
        if kind == "test" && testsAdded >= 3 * DemoText.scenarios.count { kind = "extend" }
        switch kind {
        case "option":
            let option = DemoText.options[optionsUsed]
            optionsUsed += 1
            state.set("option:\(nextSequence())", "\(option.name)\t\(option.value)\t\(option.help)")
            let templates = [
                "options: add \(option.name)\n\nAdd '\(option.name)': \(option.help). "
                    + "The default (\(option.value.isEmpty ? "empty" : option.value)) keeps today's behaviour.",
                "options: introduce '\(option.name)'\n\nSeveral deployments patch this value in by hand; "
                    + "make it an option (\(option.help)).",
                "options: make \(option.name) configurable\n\n\(option.help.prefix(1).uppercased())"
                    + "\(option.help.dropFirst()) was hard-coded; keep the old value as the default.",
            ]
            return (author, pick(templates, &rng))
        case "optdoc":
            let index = documentedOptions.count
            documentedOptions.append(index)
            let option = DemoText.options[index]
            state.set(
                "doc:Documentation/options.md:\(nextSequence())",
                "### \(option.name)\n\n\(option.help.prefix(1).uppercased())\(option.help.dropFirst()). "
                    + "Default: `\(option.value.isEmpty ? "(empty)" : option.value)`.")
            return (
                author,
                "Documentation: document the \(option.name) option\n\nDescribe '\(option.name)' in the option "
                    + "reference, with its default."
            )
        case "doc":
            let paragraph = DemoText.paragraphs[paragraphsUsed]
            paragraphsUsed += 1
            state.set("doc:\(paragraph.file):\(nextSequence())", paragraph.text)
            let area = paragraph.file == "README.md" ? "README" : "Documentation"
            return (
                author,
                "\(area): \(paragraph.subject)\n\nAdd a section to \(paragraph.file); readers have asked about "
                    + "this on the list more than once."
            )
        case "reword":
            let (key, row) = pick(options, &rng)
            let name = row.prefix { $0 != "\t" }
            state.set("option:\(key)", row + " (see Documentation/options.md)")
            let templates = [
                "options: point the \(name) help at the documentation\n\nThe one-line help cannot explain "
                    + "the trade-offs; say where they are explained.",
                "options: refer to the documentation in the help of '\(name)'\n\nUsers asked on the list what "
                    + "'\(name)' really changes; the answer is in Documentation/options.md.",
                "options: mention options.md in \(name)'s help\n\nCONFIG output is where people look first.",
            ]
            return (author, pick(templates, &rng))
        case "extend":
            let cases = state.values(prefix: "test:").filter { $0.0 != lastExtended }
            let (name, text) = pick(cases, &rng)
            lastExtended = name
            let word = pick(DemoText.words, &rng)
            let (extra, subject, why) = pick(
                [
                    (
                        "GET \(word)\n", "tests: look up a missing key in \(name)",
                        "a miss must not disturb the counters"
                    ),
                    (
                        "DEL \(word)\nGET \(word)\n", "tests: cover GET after DEL in \(name)",
                        "a deleted key must read as (nil)"
                    ),
                    (
                        "SET \(word) again\nGET \(word)\n", "tests: overwrite a key in \(name)",
                        "an overwrite must replace the value"
                    ),
                ], &rng)
            state.set("test:\(name)", text.replacingOccurrences(of: "STATS\n", with: "") + extra + "STATS\n")
            return (author, "\(subject)\n\nExtend the case: \(why).")
        default:
            let (name, purpose) = DemoText.scenarios[testsAdded % DemoText.scenarios.count]
            let round = testsAdded / DemoText.scenarios.count
            testsAdded += 1
            var lines: [String] = []
            for k in 0..<(3 + rng.below(5)) {
                let word = pick(DemoText.words, &rng)
                lines.append(k % 3 == 2 ? "GET \(word)" : "SET \(word) \(pick(DemoText.words, &rng))-\(k)")
            }
            lines.append("STATS")
            let file = round == 0 ? name : "\(name)-\(round + 1)"
            state.set("test:\(file)", lines.joined(separator: "\n") + "\n")
            return (author, "tests: add \(file) case\n\nA session that does this: \(purpose).")
        }
    }
}
