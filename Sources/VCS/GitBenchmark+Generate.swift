import Foundation
import Model
import Support

extension GitBenchmark {
    /// Shape of the generated history, kernel-like in miniature: each release cycle forks
    /// `topicsPerCycle` topic branches from the previous release, merges them into main one by
    /// one with a few direct commits between merges, tags release candidates along the way and
    /// the release at the end, and leaves a stable update (`vX.Y.1`) on a side branch.
    struct Shape: Sendable {
        var commits: Int
        var topicsPerCycle = 20
        var directCommitsPerMerge = 2
        var topDirectories = 20
        var subDirectories = 10
        var filesPerDirectory = 100

        /// Commits per topic branch so that a cycle is about 2,000 commits.
        var topicLength: Int { max(1, min(95, commits / 200)) }
        var commitsPerCycle: Int { topicsPerCycle * (topicLength + 1 + directCommitsPerMerge) }
        var fileCount: Int { topDirectories * subDirectories * filesPerDirectory }

        func directory(_ index: Int) -> String {
            let d = index % (topDirectories * subDirectories)
            return String(format: "d%02d/s%d", d / subDirectories, d % subDirectories)
        }

        func file(_ directory: Int, _ index: Int) -> String {
            self.directory(directory) + String(format: "/file%02d.c", index % filesPerDirectory)
        }
    }

    /// Writes a git fast-import stream for `shape` to `path`; returns the number of commits.
    static func writeStream(_ shape: Shape, to path: String) throws -> Int {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CulpritError.infrastructure("cannot write \(path)")
        }
        defer { try? handle.close() }
        var out = StreamWriter(handle: handle)
        var mark = 0
        var time = 1_500_000_000
        var commits = 0

        func commit(
            branch: String, message: String, from: Int?, merge: Int? = nil, files: [(String, String)],
            developer: Int
        ) -> Int {
            mark += 1
            time += 37
            commits += 1
            out.line("commit refs/heads/\(branch)")
            out.line("mark :\(mark)")
            out.line("author Dev \(developer) <dev\(developer)@example.org> \(time) +0000")
            out.line("committer Main Tainer <main@example.org> \(time) +0000")
            out.data(message)
            if let from { out.line("from :\(from)") }
            if let merge { out.line("merge :\(merge)") }
            for (name, content) in files {
                out.line("M 100644 inline \(name)")
                out.data(content)
            }
            out.line("")
            return mark
        }

        func tag(_ name: String, _ target: Int) {
            time += 1
            out.line("tag \(name)")
            out.line("from :\(target)")
            out.line("tagger Main Tainer <main@example.org> \(time) +0000")
            out.data("Linux \(name)\n")
            out.line("")
        }

        // The root commit: every file and a MAINTAINERS file of kernel size.
        var rootFiles = [("MAINTAINERS", maintainersText(shape))]
        for d in 0..<(shape.topDirectories * shape.subDirectories) {
            for f in 0..<shape.filesPerDirectory {
                rootFiles.append((shape.file(d, f), "// \(shape.file(d, f))\nint v = 0;\n"))
            }
        }
        var main = commit(branch: "main", message: "initial import\n", from: nil, files: rootFiles, developer: 0)
        var release = main
        var cycle = 0
        tag(version(cycle, rc: nil), release)
        while commits < shape.commits {
            cycle += 1
            var topics: [(tip: Int, files: [(String, String)])] = []
            for t in 0..<shape.topicsPerCycle {
                var tip = release
                var changed: [(String, String)] = []
                let dir = cycle * 7 + t * 13
                for j in 0..<shape.topicLength where commits < shape.commits {
                    let name = shape.file(dir, j)
                    let message = """
                        \(shape.directory(dir)): change \(cycle).\(t).\(j)

                        Tweak \(name) for cycle \(cycle).

                        Signed-off-by: Dev \(t) <dev\(t)@example.org>
                        Reviewed-by: Rev \(j % 7) <rev\(j % 7)@example.org>

                        """
                    let content = "// \(name)\nint v = \(cycle)\(t)\(j);\n"
                    tip = commit(branch: "topic", message: message, from: tip, files: [(name, content)], developer: t)
                    changed.append((name, content))
                }
                topics.append((tip, changed))
            }
            for (t, topic) in topics.enumerated() where commits < shape.commits {
                // fast-import does not merge trees: the merge carries the topic's files itself.
                main = commit(
                    branch: "main", message: "Merge branch 'topic-\(cycle)-\(t)'\n", from: main, merge: topic.tip,
                    files: topic.files, developer: 0)
                for k in 0..<shape.directCommitsPerMerge where commits < shape.commits {
                    let name = shape.file(cycle + t + k, 99)
                    main = commit(
                        branch: "main",
                        message: "fix \(cycle).\(t).\(k)\n\nSigned-off-by: Main Tainer <main@example.org>\n",
                        from: main, files: [(name, "// \(name)\nint fix = \(cycle)\(t)\(k);\n")], developer: 99)
                }
                if t % 4 == 3 { tag(version(cycle, rc: t / 4 + 1), main) }
            }
            release = main
            tag(version(cycle, rc: nil), release)
            // A stable update on a side branch, never merged back.
            guard commits < shape.commits else { break }
            let stable = commit(
                branch: "stable", message: "stable fix for \(version(cycle, rc: nil))\n", from: release,
                files: [(shape.file(cycle, 98), "// stable \(cycle)\n")], developer: 98)
            tag(version(cycle, rc: nil) + ".1", stable)
        }
        out.line("done")
        try out.flush()
        return commits
    }

    /// `v<major>.<minor>` for a cycle (20 minors per major, like 4.0 ... 4.19 then 5.0).
    static func version(_ cycle: Int, rc: Int?) -> String {
        "v\(1 + cycle / 20).\(cycle % 20)" + (rc.map { "-rc\($0)" } ?? "")
    }

    /// A MAINTAINERS file with one section per directory, some glob sections, filler sections
    /// for other paths (about as many sections as the kernel's) and a catch-all.
    static func maintainersText(_ shape: Shape) -> String {
        var text = "List of maintainers\n\n\tM: Mail patches to: FullName <address@domain>\n\n"
        for d in 0..<(shape.topDirectories * shape.subDirectories) {
            text += "SUBSYSTEM \(d)\nM:\tOwner \(d) <owner\(d)@example.org>\nR:\tHelper \(d) <helper\(d)@example.org>\n"
            text += "L:\tlist\(d % 40)@example.org\nS:\tMaintained\nF:\t\(shape.directory(d))/\n\n"
        }
        for top in 0..<shape.topDirectories {
            text += String(
                format:
                    "TOP %02d DRIVERS\nM:\tTop <top%d@example.org>\nS:\tSupported\nF:\td%02d/*/file1?.c\nX:\td%02d/s0/\n\n",
                top, top, top, top)
        }
        for i in 0..<2500 {
            text += "FILLER \(i)\nM:\tFiller <filler\(i)@example.org>\nS:\tOdd Fixes\nF:\tdrivers/filler\(i)/\n"
            text += i % 25 == 0 ? "N:\tfiller\(i)x\n\n" : "F:\tinclude/filler\(i).h\n\n"
        }
        text +=
            "THE REST\nM:\tChief <chief@example.org>\nL:\tall@example.org\nS:\tBuried alive in reporters\nF:\t*\nF:\t*/\n"
        return text
    }
}

/// Buffered writer for a fast-import stream.
private struct StreamWriter {
    let handle: FileHandle
    var buffer: [UInt8] = []

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count > 1 << 20 { try? flush() }
    }

    mutating func data(_ text: String) {
        line("data \(text.utf8.count)")
        buffer.append(contentsOf: text.utf8)
    }

    mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
