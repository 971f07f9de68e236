import Foundation

/// A parsed MAINTAINERS file (the Linux kernel's format, also used by QEMU, U-Boot and others).
///
/// A section is a title line followed by `X: value` lines; the file's preamble (whose example
/// entries are indented) is skipped. See ``sections(covering:)`` for how files are matched.
public struct MaintainersFile: Sendable {
    /// All sections, in file order.
    public let sections: [MaintainersSection]
    /// Lines that could not be used (an `N:` regex that does not compile), for notes.
    public let problems: [String]

    /// Parses MAINTAINERS text; never fails (unusable lines are listed in `problems`).
    public init(text: String) {
        var sections: [MaintainersSection] = []
        var problems: [String] = []
        var current: MaintainersSection? = nil
        var title: String? = nil
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard let entry = MaintainersFile.entry(line) else {
                if let done = current { sections.append(done) }
                current = nil
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { title = trimmed }
                continue
            }
            if current == nil { current = MaintainersSection(name: title ?? "") }
            switch entry.type {
            case "M": current?.maintainers.append(entry.value)
            case "R": current?.reviewers.append(entry.value)
            case "L": current?.lists.append(entry.value)
            case "S": current?.status = entry.value
            case "K": current?.keywords.append(entry.value)
            case "F": current?.files.append(FilePattern(entry.value))
            case "X": current?.excludes.append(FilePattern(entry.value))
            case "N":
                if let regex = try? NSRegularExpression(pattern: entry.value, options: [.allowCommentsAndWhitespace]) {
                    current?.regexes.append(regex)
                } else {
                    problems.append("MAINTAINERS:\(lineNumber): N: pattern '\(entry.value)' is not a valid regex")
                }
            default: break
            }
        }
        if let done = current { sections.append(done) }
        self.sections = sections
        self.problems = problems
    }

    /// The sections covering `path`, most specific first (deepest `F:` match; file order
    /// between equals), as get_maintainer.pl orders them.
    public func sections(covering path: String) -> [(section: MaintainersSection, depth: Int)] {
        var found: [(section: MaintainersSection, depth: Int, order: Int)] = []
        let bytes = Array(path.utf8)
        for (order, section) in sections.enumerated() {
            if let depth = section.depth(covering: path, bytes: bytes) { found.append((section, depth, order)) }
        }
        found.sort { $0.depth != $1.depth ? $0.depth > $1.depth : $0.order < $1.order }
        return found.map { ($0.section, $0.depth) }
    }

    /// `X:\tvalue` -> (X, value) for an entry line; nil for anything else.
    private static func entry(_ line: Substring) -> (type: Character, value: String)? {
        guard line.count >= 2, let type = line.first, type.isASCII, type.isUppercase,
            line[line.index(after: line.startIndex)] == ":"
        else { return nil }
        let value = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        return (type, value)
    }
}
