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
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }

    /// Writes ``jsonData()`` to `path`.
    /// - Throws: `CulpritError.infrastructure` when the file cannot be written.
    public func writeJSON(to path: String) throws {
        do {
            try jsonData().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch let error as CulpritError {
            throw error
        } catch {
            throw CulpritError.infrastructure("cannot write the JSON result to \(path): \(error.localizedDescription)")
        }
    }
}
