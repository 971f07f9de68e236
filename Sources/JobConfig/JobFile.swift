import Foundation
import Model
import Support
import Yams

/// Reads a YAML job file (`culprit bisect --job FILE.yml`) into a ``BisectJob``.
///
/// The keys are the long options of `culprit bisect`:
///
/// ```yaml
/// repo: ~/src/kvcache          # relative paths are relative to the job file
/// bad: master
/// good: v1.2                   # optional
/// fix: false
/// strategy: bayes              # or syzbot
/// runs: 8
/// jobs: 2
/// timeout: 60                  # seconds per test run
/// confidence: 0.95
/// max-builds: 30
/// max-runs: 600
/// json: result.json
/// state: .culprit-state
/// # the command backend:
/// build: make -j2
/// test: ./repro.sh
/// artifacts: [kvcache]
/// build-timeout: 1800
/// # or a bug directory (kernel backend; see BugDirectory):
/// bug: bugs/kasan-uaf
/// syzkaller: ~/syzkaller       # for a syzkaller reproducer
/// report: report.txt          # the email-ready report (also printed)
/// report-template: my.mustache
/// reported-by: "Fuzz Bot <bot@example.org>"
/// ```
///
/// Every problem is reported at once, each with its line: unknown keys (with the closest
/// known one), values of the wrong type or out of range, settings given twice. Required values are checked
/// by ``BisectJob/validate()`` once the command line is merged in.
public enum JobFile {
    /// Keys of the generic command backend.
    static let commandKeys: Set<String> = ["build", "test", "artifacts", "build-timeout"]
    /// Every key a job file may hold.
    static let knownKeys: [String] = [
        "repo", "bad", "good", "fix", "strategy", "runs", "jobs", "timeout", "confidence", "max-builds",
        "max-runs", "json", "state", "build", "test", "artifacts", "build-timeout", "kernel", "bug", "syzkaller",
        "report", "report-template", "reported-by",
    ]

    /// Reads and parses the job file at `path`.
    /// - Throws: `CulpritError.badInput` when the file cannot be read or has problems.
    public static func load(_ path: String) throws -> BisectJob {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CulpritError.badInput("cannot read the job file \(path): check the path and its permissions")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8(data)
            let line = data.prefix(offset).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw CulpritError.badInput(
                "\(path):\(line): the job file is not UTF-8 text (byte 0x"
                    + String(data[data.startIndex + offset], radix: 16, uppercase: true)
                    + " at offset \(offset)): save it as UTF-8")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(text, name: path, relativeTo: directory.isEmpty ? "." : directory)
    }

    /// The offset of the first byte of `data` that is not part of valid UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> Int {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let lead = bytes[offset]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            guard length > 0, offset + length <= bytes.count,
                String(validating: bytes[offset..<(offset + length)], as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return offset
    }

    /// Parses job file text; `name` prefixes error messages, relative paths resolve against
    /// `relativeTo`.
    public static func parse(_ text: String, name: String = "job file", relativeTo base: String = ".") throws
        -> BisectJob
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw CulpritError.badInput("\(name) is not valid YAML: \(error)")
        }
        guard let root else { throw CulpritError.badInput("\(name) is empty: see `culprit bisect --help`") }
        guard case .mapping(let mapping) = root else {
            throw CulpritError.badInput(
                "\(name): the job file must be a mapping of settings (key: value), e.g. 'repo: DIR'")
        }

        var reader = Reader(name: name, base: base)
        var job = BisectJob()
        var command = BisectJob.CommandBackend()
        var kernel: KernelJob? = nil
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            // Yams rejects duplicate keys while parsing.
            let key = keyNode.scalar?.string ?? ""
            let line = keyNode.mark?.line ?? 0
            seen.insert(key)
            switch key {
            case "repo": job.repository = reader.path(key, value)
            case "bad": job.bad = reader.string(key, value)
            case "good": job.good = reader.string(key, value)
            case "fix": job.fix = reader.bool(key, value)
            case "strategy": job.strategy = reader.string(key, value)
            case "runs": job.runs = reader.int(key, value)
            case "jobs": job.jobs = reader.int(key, value)
            case "timeout": job.timeout = reader.seconds(key, value)
            case "confidence": job.confidence = reader.double(key, value)
            case "max-builds": job.maxBuilds = reader.int(key, value)
            case "max-runs": job.maxRuns = reader.int(key, value)
            case "json": job.json = reader.path(key, value)
            case "state": job.stateDirectory = reader.path(key, value)
            case "bug": job.bug = reader.path(key, value)
            case "syzkaller": job.syzkaller = reader.path(key, value)
            case "report": job.report = reader.path(key, value)
            case "report-template": job.reportTemplate = reader.path(key, value)
            case "reported-by": job.reportedBy = reader.string(key, value)
            case "build": command.build = reader.string(key, value)
            case "test": command.test = reader.string(key, value)
            case "artifacts": command.artifacts = reader.strings(key, value) ?? []
            case "build-timeout": command.buildTimeout = reader.seconds(key, value)
            case "kernel": kernel = KernelJob.parse(value, name: name, relativeTo: base, problems: &reader.problems)
            default:
                let hint = closest(to: key).map { "; did you mean '\($0)'?" } ?? ""
                reader.problem(line, "unknown setting '\(key)'\(hint)")
            }
        }
        if seen.contains(where: commandKeys.contains) { job.backend = .command(command) }
        if let kernel {
            if job.backend != nil {
                reader.problems.append("\(name): give either build/test commands or a 'kernel:' section, not both")
            }
            job.backend = .kernel(kernel)
        }
        for problem in job.valueProblems() { reader.problems.append("\(name): \(problem)") }
        guard reader.problems.isEmpty else {
            throw CulpritError.badInput(
                reader.problems.count == 1
                    ? reader.problems[0]
                    : "\(name) has \(reader.problems.count) problems:\n"
                        + reader.problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
        return job
    }

    /// The known key nearest to `key` by edit distance, when it is a likely typo.
    static func closest(to key: String) -> String? {
        let scored = knownKeys.map { ($0, distance(Array(key), Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(1, key.count / 3) else { return nil }
        return best
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }

    /// Typed access to values, collecting problems with their line numbers.
    private struct Reader {
        let name: String
        let base: String
        var problems: [String] = []

        mutating func problem(_ line: Int, _ text: String) {
            problems.append(line > 0 ? "\(name):\(line): \(text)" : "\(name): \(text)")
        }

        mutating func scalar(_ key: String, _ node: Node, _ expected: String) -> String? {
            guard case .scalar(let scalar) = node else {
                problem(node.mark?.line ?? 0, "'\(key)' must be \(expected), not a list or a mapping")
                return nil
            }
            if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                problem(node.mark?.line ?? 0, "'\(key)' has no value: give \(expected) or remove the line")
                return nil
            }
            return scalar.string
        }

        mutating func string(_ key: String, _ node: Node) -> String? {
            scalar(key, node, "a string")
        }

        mutating func path(_ key: String, _ node: Node) -> String? {
            guard var text = scalar(key, node, "a path") else { return nil }
            if text.hasPrefix("~/") { text = NSHomeDirectory() + text.dropFirst(1) }
            return text.hasPrefix("/") ? text : (base as NSString).appendingPathComponent(text)
        }

        mutating func int(_ key: String, _ node: Node) -> Int? {
            guard let text = scalar(key, node, "a whole number") else { return nil }
            guard let value = Int(text) else {
                problem(node.mark?.line ?? 0, "'\(key)' must be a whole number, not '\(text)'")
                return nil
            }
            return value
        }

        mutating func double(_ key: String, _ node: Node) -> Double? { number(key, node, "a number") }

        mutating func seconds(_ key: String, _ node: Node) -> Double? { number(key, node, "a number of seconds") }

        private mutating func number(_ key: String, _ node: Node, _ expected: String) -> Double? {
            guard let text = scalar(key, node, expected) else { return nil }
            guard let value = Double(text), value.isFinite else {
                problem(node.mark?.line ?? 0, "'\(key)' must be \(expected), not '\(text)'")
                return nil
            }
            return value
        }

        mutating func bool(_ key: String, _ node: Node) -> Bool? {
            guard let text = scalar(key, node, "true or false") else { return nil }
            switch text.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default:
                problem(node.mark?.line ?? 0, "'\(key)' must be true or false, not '\(text)'")
                return nil
            }
        }

        mutating func strings(_ key: String, _ node: Node) -> [String]? {
            switch node {
            case .scalar: return string(key, node).map { [$0] }
            case .sequence(let items):
                var values: [String] = []
                for item in items {
                    guard case .scalar(let s) = item else {
                        problem(item.mark?.line ?? 0, "'\(key)' must be a list of strings")
                        return nil
                    }
                    values.append(s.string)
                }
                return values
            default:
                problem(node.mark?.line ?? 0, "'\(key)' must be a string or a list of strings, not a mapping")
                return nil
            }
        }
    }
}
