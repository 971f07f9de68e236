import Foundation

extension BisectionResult {
    /// The result as `--json` writes it: the engine's snake_case encoding (with `culprit`,
    /// `crash` and `recipients` as null when absent) plus `exit_status`.
    public func jsonData() throws -> Data {
        let encoded = try JSONEncoder().encode(self)
        guard var object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any] else {
            throw CulpritError.infrastructure("the bisection result did not encode as a JSON object")
        }
        object["exit_status"] = Int(exitStatus.rawValue)
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Writes ``jsonData()`` to `path`.
    /// - Throws: `CulpritError.infrastructure` when the file cannot be written.
    public func writeJSON(to path: String) throws {
        try Self.checkWritable(json: path)
        do {
            try jsonData().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch let error as CulpritError {
            throw error
        } catch {
            throw CulpritError.infrastructure("cannot write the JSON result to \(path): \(error.localizedDescription)")
        }
    }

    /// Throws when a JSON result could not be written to `path` (a directory, a missing or
    /// read-only parent directory), so that a job can refuse it before it starts.
    public static func checkWritable(json path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw CulpritError.badInput("--json \(path) is a directory: give a file name, e.g. \(path)/result.json")
            }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw CulpritError.badInput("--json \(path) cannot be written: check its permissions")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CulpritError.badInput("--json \(path): the directory \(directory) does not exist: create it first")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw CulpritError.badInput("--json \(path): the directory \(directory) is not writable: check its permissions")
        }
    }
}
