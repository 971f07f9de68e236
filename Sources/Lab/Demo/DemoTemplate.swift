import Foundation

/// A demo source file as it is kept in the package (`Sources/Lab/Demo/kvcache`): real C (or
/// make, or shell) with a few `//%` lines that choose what a commit's ``DemoState`` has.
///
/// - `//% if FEATURE`, `//% if FEATURE && !OTHER`, `//% elif ...`, `//% else`, `//% end`: the
///   lines between are kept when the condition holds (`FEATURE` is `feature:FEATURE` of the state).
/// - `//% insert NAME`: the text `NAME` stands for (whole lines, each ending in a newline).
/// - `{{NAME}}` in a line: the value `NAME` stands for (an identifier, a constant).
struct DemoTemplate: Sendable {
    /// The template's lines (its final newline dropped).
    let lines: [Substring]

    init(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
    }

    /// The file for a state: kept lines, each ending in a newline, with values put in.
    /// - Parameters:
    ///   - has: whether the state has a feature.
    ///   - values: what `{{NAME}}` stands for.
    ///   - inserts: what `//% insert NAME` stands for.
    func render(has: (String) -> Bool, values: [String: String] = [:], inserts: [String: String] = [:]) -> String {
        // One frame per open `if`: whether the enclosing lines are kept, whether a branch was taken.
        var frames: [(outer: Bool, taken: Bool, keep: Bool)] = []
        var keep: Bool { frames.last?.keep ?? true }
        func holds(_ condition: Substring) -> Bool {
            condition.split(separator: "&&").allSatisfy { term in
                let name = term.trimmingCharacters(in: .whitespaces)
                return name.hasPrefix("!") ? !has(String(name.dropFirst())) : has(name)
            }
        }
        var out = ""
        for line in lines {
            guard line.hasPrefix("//% ") else {
                if keep { out += substitute(line, values) + "\n" }
                continue
            }
            let words = line.dropFirst(4)
            let verb = words.prefix { $0 != " " }
            let rest = words.dropFirst(verb.count).drop { $0 == " " }
            switch verb {
            case "if":
                let outer = keep
                let yes = outer && holds(rest)
                frames.append((outer, yes, yes))
            case "elif":
                let frame = frames.removeLast()
                let yes = frame.outer && !frame.taken && holds(rest)
                frames.append((frame.outer, frame.taken || yes, yes))
            case "else":
                let frame = frames.removeLast()
                frames.append((frame.outer, true, frame.outer && !frame.taken))
            case "end":
                frames.removeLast()
            case "insert":
                if keep { out += inserts[String(rest)] ?? "" }
            default:
                preconditionFailure("unknown demo template line '\(line)'")
            }
        }
        precondition(frames.isEmpty, "a demo template has an '//% if' without '//% end'")
        return out
    }

    private func substitute(_ line: Substring, _ values: [String: String]) -> String {
        guard line.contains("{{") else { return String(line) }
        var text = String(line)
        for (name, value) in values { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
        return text
    }

    /// The demo's files, read once from the package's resources: path in the project -> template.
    static let all: [String: DemoTemplate] = {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("kvcache").path else {
            preconditionFailure("the demo's sources (culprit_Lab.resources/kvcache) are missing next to culprit")
        }
        var templates: [String: DemoTemplate] = [:]
        for path in DemoSources.templatePaths {
            guard let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) else {
                preconditionFailure("the demo's source \(root)/\(path) cannot be read")
            }
            templates[path] = DemoTemplate(text)
        }
        return templates
    }()
}
