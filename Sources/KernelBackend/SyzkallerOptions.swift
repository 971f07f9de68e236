import Foundation
import Model

/// The options a syzkaller program was found with (`repro.opts`, or the `#{...}` line at the
/// head of `repro.syz`), and the `syz-execprog` flags that run it the same way.
///
/// Two forms are read: JSON (`{"threaded":true,"repeat":true,"procs":6,"sandbox":"none"}`) and
/// the older Go form (`{Threaded:true Collide:true Repeat:true Procs:6 Sandbox:none}`). Options
/// that only shape the generated C program (tun, netdev, cgroups, ...) have no execprog flag.
public struct SyzkallerOptions: Sendable, Equatable {
    /// Option name (lower case, `_` separated) → value as written.
    public var values: [String: String] = [:]

    public init() {}

    /// Parses options text.
    /// - Throws: `CulpritError.badInput` when it is neither form.
    public init(text: String) throws {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix("{"), body.hasSuffix("}") else {
            throw CulpritError.badInput(
                "the syzkaller options are not {...}: expected JSON such as {\"procs\":1,\"repeat\":true}")
        }
        if let json = try? JSONDecoder().decode([String: JSONValue].self, from: Data(body.utf8)) {
            for (key, value) in json {
                switch value {
                case .bool(let b): values[Self.normalize(key)] = b ? "true" : "false"
                case .number(let n): values[Self.normalize(key)] = n == n.rounded() ? String(Int(n)) : String(n)
                case .string(let s): values[Self.normalize(key)] = s
                default: continue
                }
            }
            return
        }
        for word in body.dropFirst().dropLast().split(separator: " ") {
            let pair = word.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else {
                throw CulpritError.badInput(
                    "the syzkaller options have '\(word)' where Key:value was expected: give JSON options")
            }
            values[Self.normalize(String(pair[0]))] = String(pair[1])
        }
    }

    /// `SandboxArg` → `sandbox_arg`, `procs` → `procs`.
    static func normalize(_ key: String) -> String {
        var out = ""
        for (index, c) in key.enumerated() {
            if c.isUppercase && index > 0 { out += "_" }
            out += c.lowercased()
        }
        return out
    }

    /// Whether a line of a `.syz` file carries the options (`#{...}` or `# {...}`).
    static func isOptionsLine(_ line: Substring) -> Bool {
        let body = line.drop { $0 == "#" || $0 == " " }
        return line.hasPrefix("#") && body.hasPrefix("{") && body.hasSuffix("}")
    }

    private func flag(_ key: String) -> Bool? {
        values[key].map { $0 == "true" || $0 == "1" }
    }

    /// The `syz-execprog` arguments (before the program path).
    public var execprogArguments: [String] {
        var arguments: [String] = []
        if let threaded = flag("threaded") { arguments.append("-threaded=\(threaded)") }
        // A repeated program runs until the machine's time is up (as the fuzzer ran it).
        arguments.append("-repeat=\(flag("repeat") == false ? 1 : 0)")
        if let procs = values["procs"].flatMap(Int.init) { arguments.append("-procs=\(max(1, procs))") }
        if let sandbox = values["sandbox"] { arguments.append("-sandbox=\(sandbox.isEmpty ? "none" : sandbox)") }
        if let arg = values["sandbox_arg"].flatMap(Int.init), arg != 0 { arguments.append("-sandbox_arg=\(arg)") }
        if flag("fault") == true {
            if let call = values["fault_call"].flatMap(Int.init) { arguments.append("-fault_call=\(call)") }
            if let nth = values["fault_nth"].flatMap(Int.init) { arguments.append("-fault_nth=\(nth)") }
        }
        return arguments
    }
}
