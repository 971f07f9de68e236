import Foundation
import Model

/// A bug as fuzzing dashboards hand it out (and `culprit bisect --bug DIR` reads it): one
/// directory with the kernel config, the reproducer(s), the commit the crash was found on, the
/// compiler and the expected crash title.
///
/// ```
/// DIR/
///   kernel.config     the full .config (also accepted: config, .config)          required
///   repro.c           C reproducer (also: repro.cprog)                    one of these two
///   repro.syz         syzkaller program (also: repro.prog); its options on a
///                     leading '#{...}' comment line or in repro.opts
///   repro.opts        syzkaller options (JSON or the older {Key:value ...} form)  optional
///   commit            line 1: the commit hash; line 2 (optional): its title, used
///                     when the hash is not in the repository (a rebased tree)  required
///   compiler          the dashboard's compiler line ("gcc (Debian 12.2.0-14) 12.2.0",
///                     "Debian clang version 15.0.6, GNU ld ...")               optional
///   title             the expected crash title ("KASAN: use-after-free Read in f")  optional
///   report            the crash report as the dashboard shows it (also: repro.report) optional
/// ```
/// The C reproducer is used when both are present; a syzkaller program needs syzkaller's
/// binaries (`--syzkaller DIR`).
public struct BugDirectory: Sendable, Equatable {
    public var path: String
    /// Absolute path of the kernel config.
    public var config: String
    public var cReproducer: String?
    public var syzProgram: String?
    /// The syzkaller program's options (empty when none were given).
    public var syzOptions: SyzkallerOptions
    public var commit: String
    public var commitTitle: String?
    /// The compiler line as given, and the command it maps to (`gcc-12`, `clang-15`).
    public var compilerLine: String?
    public var expectedTitle: String?
    public var report: String?

    static let configNames = ["kernel.config", "config", ".config"]
    static let cNames = ["repro.c", "repro.cprog"]
    static let syzNames = ["repro.syz", "repro.prog"]
    static let reportNames = ["report", "repro.report"]

    /// Reads the directory at `path`.
    /// - Throws: `CulpritError.badInput` naming every missing or unusable file and what to do.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).standardizedFileURL.path
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CulpritError.badInput(
                "the bug directory \(directory) does not exist or is not a directory: give the directory holding "
                    + "kernel.config, repro.c or repro.syz and commit (see the README, 'Bug directories')")
        }
        func first(_ names: [String]) -> String? {
            names.map { directory + "/" + $0 }.first { files.fileExists(atPath: $0) }
        }
        var problems: [String] = []
        func text(_ file: String) -> String? {
            guard let data = files.contents(atPath: file) else {
                problems.append("\(file) cannot be read: check its permissions")
                return nil
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append("\(file) is not UTF-8 text: save it as text")
                return nil
            }
            return text
        }
        self.path = directory

        let config = first(Self.configNames)
        if config == nil {
            problems.append(
                "\(directory)/kernel.config is missing: save the bug's kernel config there (the dashboard's "
                    + "'kernel config' link)")
        } else if let config, let body = text(config), !body.contains("CONFIG_") {
            problems.append("\(config) has no CONFIG_ lines: it is not a kernel .config; save the bug's kernel config")
        }
        self.config = config ?? directory + "/kernel.config"

        cReproducer = first(Self.cNames)
        syzProgram = first(Self.syzNames)
        if cReproducer == nil && syzProgram == nil {
            problems.append(
                "\(directory) has no reproducer: save the C reproducer as repro.c or the syzkaller program as repro.syz")
        }
        if let c = cReproducer, let body = text(c), body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("\(c) is empty: save the bug's C reproducer there")
        }
        var options = SyzkallerOptions()
        if let syz = syzProgram, let body = text(syz) {
            if body.split(separator: "\n").allSatisfy({ $0.hasPrefix("#") || $0.allSatisfy(\.isWhitespace) }) {
                problems.append("\(syz) holds no program (only comments): save the bug's syzkaller program there")
            }
            if let line = body.split(separator: "\n").first(where: { SyzkallerOptions.isOptionsLine($0) }) {
                do { options = try SyzkallerOptions(text: String(line.drop { $0 == "#" || $0 == " " })) } catch {
                    problems.append("\(syz): \(error)")
                }
            }
        }
        if let opts = first(["repro.opts"]), let body = text(opts) {
            do { options = try SyzkallerOptions(text: body) } catch { problems.append("\(opts): \(error)") }
        }
        syzOptions = options

        var commit = ""
        if let file = first(["commit"]) {
            if let body = text(file) {
                let lines = body.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                // Also accepted: "ae58226b89ac Add linux-next specific files" on one line.
                let head = lines.first ?? ""
                let parts = head.split(separator: " ", maxSplits: 1).map(String.init)
                commit = parts.first ?? ""
                commitTitle = lines.count > 1 ? lines[1] : parts.count > 1 ? parts[1] : nil
                if commit.isEmpty || !commit.allSatisfy(\.isHexDigit) || commit.count < 7 {
                    problems.append(
                        "\(file): the first line must be the commit hash (at least 7 hex digits), "
                            + "not '\(head.prefix(60))'")
                }
            }
        } else {
            problems.append(
                "\(directory)/commit is missing: write the hash of the commit the crash was found on "
                    + "(and its title on a second line)")
        }
        self.commit = commit
        compilerLine = first(["compiler"]).flatMap(text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty ? nil : $0 }
        expectedTitle = first(["title"]).flatMap(text)?.split(separator: "\n").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        report = first(Self.reportNames).flatMap(text)
        guard problems.isEmpty else {
            throw CulpritError.badInput(
                problems.count == 1
                    ? "bug directory: " + problems[0]
                    : "the bug directory \(directory) has \(problems.count) problems:\n"
                        + problems.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }

    /// The reproducer the VM runs: the C one when there is one, else the syzkaller program.
    public var reproducer: String { cReproducer ?? syzProgram ?? "" }

    /// The compiler command the dashboard's compiler line names (`gcc-12`, `clang-15`), or nil.
    public var compiler: String? { compilerLine.flatMap(Self.compilerCommand) }

    /// `gcc (Debian 12.2.0-14) 12.2.0` → `gcc-12`; `Debian clang version 15.0.6, ...` → `clang-15`.
    static func compilerCommand(_ line: String) -> String? {
        let lower = line.lowercased()
        let name: String
        if lower.contains("clang") {
            name = "clang"
        } else if lower.contains("gcc") {
            name = "gcc"
        } else {
            return nil
        }
        // The version: the first dotted number after the compiler's name ("version 15.0.6"),
        // for gcc the last one before a comma ("(Debian 12.2.0-14) 12.2.0").
        let head = String(line.split(separator: ",").first ?? "")
        let words = head.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
        let versions = words.filter { $0.contains(".") && $0.first?.isNumber == true }
        guard let version = (name == "gcc" ? versions.last : versions.first),
            let major = version.split(separator: ".").first, Int(major) != nil
        else { return nil }
        return "\(name)-\(major)"
    }
}
