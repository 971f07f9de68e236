import Foundation
import Model

/// One known build fix: a patch (and/or config options to turn off) that an old kernel
/// revision needs to build with today's compilers, with the range of history that needs it.
///
/// A fix is a file: a header of `Key: value` lines, then (optionally) a unified diff as
/// `git diff` writes it.
///
/// ```
/// Fix: dtc: remove the second yylloc definition (gcc 10 defaults to -fno-common)
/// Needed-From: <commit>               # the commit that needs it; absent: all older history
/// Unneeded-From: <commit>             # the commit that made it unnecessary (upstream fix)
/// Needed-From-Version: 4.19           # the same bounds as kernel versions, used when the
/// Unneeded-From-Version: 5.7          #   commits are not in the repository (a tarball import)
/// Config-Off: CONFIG_WERROR           # options turned off while it applies
///
/// diff --git a/... b/...
/// ```
public struct BuildFix: Sendable, Hashable, Codable {
    /// The file's name (how logs refer to it).
    public var name: String
    public var path: String
    public var summary: String
    public var neededFrom: String?
    public var unneededFrom: String?
    public var neededFromVersion: KernelVersion?
    public var unneededFromVersion: KernelVersion?
    public var configOff: [String]
    /// Whether the file holds a diff to apply.
    public var hasPatch: Bool

    /// Reads the fix file at `path`.
    /// - Throws: `CulpritError.badInput` naming the file and the bad line.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw CulpritError.badInput("cannot read the build fix \(path): check the path in the job's fixes")
        }
        self.path = path
        name = (path as NSString).lastPathComponent
        summary = ""
        configOff = []
        hasPatch = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("diff --git ") || line.hasPrefix("--- ") {
                hasPatch = true
                break
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw CulpritError.badInput(
                    "\(path):\(index + 1): '\(trimmed.prefix(60))' is not 'Key: value' (Fix, Needed-From, "
                        + "Unneeded-From, Needed-From-Version, Unneeded-From-Version, Config-Off) or a diff")
            }
            let key = trimmed[..<colon].lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            func version() throws -> KernelVersion {
                guard let v = KernelVersion(value) else {
                    throw CulpritError.badInput("\(path):\(index + 1): '\(value)' is not a kernel version such as 5.7")
                }
                return v
            }
            switch key {
            case "fix": summary = value
            case "needed-from": neededFrom = value
            case "unneeded-from": unneededFrom = value
            case "needed-from-version": neededFromVersion = try version()
            case "unneeded-from-version": unneededFromVersion = try version()
            case "config-off":
                for option in value.split(whereSeparator: { $0 == " " || $0 == "," }) {
                    guard option.hasPrefix("CONFIG_") else {
                        throw CulpritError.badInput(
                            "\(path):\(index + 1): config option '\(option)' must start with CONFIG_")
                    }
                    configOff.append(String(option))
                }
            default:
                throw CulpritError.badInput(
                    "\(path):\(index + 1): unknown build fix key '\(key)': use Fix, Needed-From, Unneeded-From, "
                        + "Needed-From-Version, Unneeded-From-Version or Config-Off")
            }
        }
        if !hasPatch && configOff.isEmpty {
            throw CulpritError.badInput("the build fix \(path) has neither a diff nor Config-Off: it would do nothing")
        }
    }

    /// Whether a revision needs this fix.
    public enum Need: Sendable, Hashable {
        case needed(String)
        case notNeeded(String)
        /// Neither the commits nor version bounds tell; the fix is not applied.
        case unknown(String)
    }
}
