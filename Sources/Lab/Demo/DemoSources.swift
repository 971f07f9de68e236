import Foundation

/// Renders the demo project's files (a small in-memory key-value cache in C) from a
/// ``DemoState``: which features have landed, the option table, the documentation paragraphs,
/// the test cases. The sources are real files in `Sources/Lab/Demo/kvcache` (``DemoTemplate``).
/// Every combination of features the history produces compiles, except the planted broken
/// stretch (the `rename` feature without `rename-stats`).
enum DemoSources {
    /// The reproducer the demo's test command feeds to the program.
    static let reproducer = "SET user alice\\nGET user\\n"
    /// The program the build produces, relative to the worktree.
    static let binary = "kvcache"

    /// The files kept as templates in the package (`Sources/Lab/Demo/kvcache`, see ``DemoTemplate``).
    static let templatePaths = [
        "include/kvcache.h", "src/hash.c", "src/cache.c", "src/pressure.c", "src/stats.c", "src/proto.c",
        "src/main.c", "src/options.c", "Makefile", "tests/run.sh",
    ]

    /// All files of the tree in `state`, path to content.
    static func render(_ state: DemoState) -> [String: String] {
        let values = [
            "count": state.has("rename") ? "nentries" : "count",
            "stats-count": state.has("rename-stats") ? "nentries" : "count",
            "capacity": state.value("const:capacity") ?? "64",
            "max-line": state.value("const:max-line") ?? "512",
            "cmp": state.has("nocase") ? "strcasecmp" : "strcmp",
        ]
        var rows = ""
        for (_, row) in state.values(prefix: "option:") {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            rows += "\t{ \"\(f[0])\", \"\(f[1])\", \"\(f[2])\" },\n"
        }
        var files: [String: String] = [
            ".gitignore": "/kvcache\n*.o\n",
            "MAINTAINERS": DemoPeople.maintainersFile(withStats: state.has("stats-section")),
        ]
        for path in templatePaths where path != "src/pressure.c" || state.has("pressure") {
            files[path] = DemoTemplate.all[path]?.render(
                has: state.has, values: values, inserts: ["option-rows": rows])
        }
        for (file, paragraphs) in state.documents() {
            files[file] = paragraphs.joined(separator: "\n\n") + "\n"
        }
        for (name, text) in state.values(prefix: "test:") { files["tests/cases/\(name).kv"] = text }
        return files
    }
}
