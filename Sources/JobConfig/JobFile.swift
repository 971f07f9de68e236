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
/// strategy: bayes              # or syzkaller, syzbot-2019
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
    /// The keys of the job itself; the backends in the registry own the others (``Backend/keys``).
    static let jobKeys: [String] = [
        "repo", "bad", "good", "fix", "strategy", "runs", "jobs", "timeout", "confidence", "max-builds",
        "max-runs", "json", "state", "bug", "syzkaller", "report", "report-template", "reported-by",
        "minimize-config", "speculative-builds",
    ]

    /// Reads and parses the job file at `path`.
    /// - Throws: `CulpritError.badInput` when the file cannot be read or has problems.
    public static func load(_ path: String, backends: BackendRegistry = .shared) throws -> BisectJob {
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
        return try parse(text, name: path, relativeTo: directory.isEmpty ? "." : directory, backends: backends)
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
    /// `relativeTo`; keys other than the job's go to the backend in `backends` that owns them.
    public static func parse(
        _ text: String, name: String = "job file", relativeTo base: String = ".", backends: BackendRegistry = .shared
    ) throws -> BisectJob {
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

        var reader = JobFileReader(name: name, base: base)
        var job = BisectJob()
        var owned: [(backend: any Backend.Type, entries: [JobFileEntry])] = []
        for (keyNode, value) in mapping {
            // Yams rejects duplicate keys while parsing.
            let key = keyNode.scalar?.string ?? ""
            let line = keyNode.mark?.line ?? 0
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
            case "speculative-builds": job.speculativeBuilds = reader.bool(key, value)
            case "max-runs": job.maxRuns = reader.int(key, value)
            case "json": job.json = reader.path(key, value)
            case "state": job.stateDirectory = reader.path(key, value)
            case "bug": job.bug = reader.path(key, value)
            case "syzkaller": job.syzkaller = reader.path(key, value)
            case "report": job.report = reader.path(key, value)
            case "report-template": job.reportTemplate = reader.path(key, value)
            case "reported-by": job.reportedBy = reader.string(key, value)
            case "minimize-config": job.minimizeConfig = reader.bool(key, value)
            default:
                let entry = JobFileEntry(key: key, line: line, value: value)
                if let backend = backends.backend(owning: key) {
                    if let index = owned.firstIndex(where: { $0.backend.kind == backend.kind }) {
                        owned[index].entries.append(entry)
                    } else {
                        owned.append((backend, [entry]))
                    }
                } else {
                    reader.unknown(key, line: line, what: "setting", known: jobKeys + backends.keys)
                }
            }
        }
        if owned.count > 1 {
            let given = owned.map { "the \($0.backend.kind) backend's \($0.entries.map { "'\($0.key)'" }.joined(separator: ", "))" }
            reader.problems.append(
                "\(name): give either \(given.joined(separator: " or ")), not both: one backend builds and tests a job")
        }
        for (backend, entries) in owned {
            if let settings = backend.read(entries, reader: &reader) { job.backend = settings }
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
}
