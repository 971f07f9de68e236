import Foundation
import Model
import Support

/// What the builders read out of a build log, and the artifacts' digests.
public enum BuildLog {
    /// Markers of a failure's cause, most telling first: compiler and linker diagnostics, then
    /// make's, the shell's and the kernel's complaints. Matched without regard to case.
    static let markerGroups = [
        ["error:", "undefined reference", "multiple definition of", "fatal:", "fatal error", "no rule to make target"],
        ["*** ", "no such file", "not found", "segmentation fault", "killed", "error"],
    ]

    /// The first line of a build log that looks like the cause of a failure (trimmed, at most
    /// 300 characters); else its last non-blank line; nil for a blank log.
    public static func firstError(in log: String) -> String? {
        let lines = log.split(separator: "\n")
        for markers in markerGroups {
            for line in lines {
                let lower = line.lowercased()
                if markers.contains(where: { lower.contains($0) }) {
                    return String(line.trimmingCharacters(in: .whitespaces).prefix(300))
                }
            }
        }
        return lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { String($0.prefix(300)) }
    }

    /// The SHA-256 digests (hex) of the files at `paths`, in order (with `sha256sum`).
    /// - Throws: `CulpritError.infrastructure` when a file cannot be read.
    public static func sha256(_ paths: [String]) async throws -> [String] {
        guard !paths.isEmpty else { return [] }
        let r = try await ProcessRunner.run(
            "sha256sum", ["--"] + paths, output: .capture(limit: 1 << 20), timeout: .seconds(300))
        let digests = r.outputText.split(separator: "\n").map { String($0.drop { $0 == "\\" }.prefix { $0 != " " }) }
        guard r.succeeded, digests.count == paths.count else {
            throw CulpritError.infrastructure("sha256sum failed on \(paths.joined(separator: ", ")): \(r.tail(3))")
        }
        return digests
    }

    /// The SHA-256 digest (hex) of `text`'s UTF-8 bytes (with `sha256sum`).
    public static func sha256(text: String) async throws -> String {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("culprit-digest-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: scratch, contents: Data(text.utf8)) else {
            throw CulpritError.infrastructure(
                "cannot write a scratch file in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        return try await sha256([scratch])[0]
    }
}
