import Foundation
import Yams

/// One top-level `key: value` of a job file, with the key's line.
public struct JobFileEntry {
    public var key: String
    /// The key's line (1-based; 0 when unknown).
    public var line: Int
    public var value: Node

    public init(key: String, line: Int, value: Node) {
        self.key = key
        self.line = line
        self.value = value
    }
}

/// Typed access to a job file's values, collecting every problem with its line: ``JobFile``
/// reads the job's settings with it, and each ``Backend`` its own keys.
public struct JobFileReader: Sendable {
    /// The file's name, prefixed to each problem.
    public let name: String
    /// The directory relative paths resolve against (the job file's).
    public let base: String
    /// The problems so far, each `name:line: text`.
    public var problems: [String] = []

    public init(name: String, base: String) {
        self.name = name
        self.base = base
    }

    /// Records a problem at `line` (0: no line).
    public mutating func problem(_ line: Int, _ text: String) {
        problems.append(line > 0 ? "\(name):\(line): \(text)" : "\(name): \(text)")
    }

    /// Records an unknown key, naming the closest of `known` when it is a likely typo.
    public mutating func unknown(_ key: String, line: Int, what: String, known: [String]) {
        let hint = Self.closest(to: key, among: known).map { "; did you mean '\($0)'?" } ?? ""
        problem(line, "unknown \(what) '\(key)'\(hint)")
    }

    /// The entries of a mapping node, each with its key's line; nil (and a problem) when `node`
    /// is not a mapping.
    public mutating func entries(_ key: String, _ node: Node, _ expected: String) -> [JobFileEntry]? {
        guard case .mapping(let mapping) = node else {
            problem(node.mark?.line ?? 0, "'\(key)' must be \(expected)")
            return nil
        }
        return mapping.map { JobFileEntry(key: $0.key.scalar?.string ?? "", line: $0.key.mark?.line ?? 0, value: $0.value) }
    }

    public mutating func scalar(_ key: String, _ node: Node, _ expected: String) -> String? {
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

    public mutating func string(_ key: String, _ node: Node) -> String? {
        scalar(key, node, "a string")
    }

    /// A path, with `~/` expanded and a relative path made absolute against ``base``.
    public mutating func path(_ key: String, _ node: Node) -> String? {
        guard var text = scalar(key, node, "a path") else { return nil }
        if text.hasPrefix("~/") { text = NSHomeDirectory() + text.dropFirst(1) }
        return text.hasPrefix("/") ? text : (base as NSString).appendingPathComponent(text)
    }

    public mutating func int(_ key: String, _ node: Node) -> Int? {
        guard let text = scalar(key, node, "a whole number") else { return nil }
        guard let value = Int(text) else {
            problem(node.mark?.line ?? 0, "'\(key)' must be a whole number, not '\(text)'")
            return nil
        }
        return value
    }

    public mutating func double(_ key: String, _ node: Node) -> Double? { number(key, node, "a number") }

    public mutating func seconds(_ key: String, _ node: Node) -> Double? { number(key, node, "a number of seconds") }

    private mutating func number(_ key: String, _ node: Node, _ expected: String) -> Double? {
        guard let text = scalar(key, node, expected) else { return nil }
        guard let value = Double(text), value.isFinite else {
            problem(node.mark?.line ?? 0, "'\(key)' must be \(expected), not '\(text)'")
            return nil
        }
        return value
    }

    public mutating func bool(_ key: String, _ node: Node) -> Bool? {
        guard let text = scalar(key, node, "true or false") else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem(node.mark?.line ?? 0, "'\(key)' must be true or false, not '\(text)'")
            return nil
        }
    }

    /// A list of strings; a single string is a list of one.
    public mutating func strings(_ key: String, _ node: Node) -> [String]? {
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

    /// The item nodes of a list (a single value is a list of one).
    public mutating func list(_ key: String, _ node: Node) -> [Node]? {
        switch node {
        case .sequence(let items): return Array(items)
        case .mapping, .scalar: return [node]
        default:
            problem(node.mark?.line ?? 0, "'\(key)' must be a list")
            return nil
        }
    }

    /// The name in `known` nearest to `key` by edit distance, when it is a likely typo.
    public static func closest(to key: String, among known: [String]) -> String? {
        let scored = known.map { ($0, distance(Array(key), Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(1, key.count / 3) else { return nil }
        return best
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
