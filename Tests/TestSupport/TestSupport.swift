import Foundation
import Model

/// What the test targets share: the package's root, temporary directories, git repositories
/// (``GitRepository``).
public enum TestSupport {
    /// The package's root directory (holding Package.swift, scripts/, examples/).
    public static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The `culprit` executable this test run built: next to the test bundle, or in the
    /// package's .build directory.
    /// - Throws: `CulpritError.infrastructure` naming where it looked.
    public static func culpritExecutable() throws -> String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent("culprit").path,
            bundle.deletingLastPathComponent().appendingPathComponent("culprit").path,
            packageRoot + "/.build/debug/culprit",
        ]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CulpritError.infrastructure("the culprit executable is not built (looked in \(candidates))")
        }
        return path
    }

    /// A new empty directory `culprit-<name>-<random>` under the temporary directory; the
    /// caller removes it.
    public static func temporaryDirectory(_ name: String = "test") throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("culprit-\(name)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
