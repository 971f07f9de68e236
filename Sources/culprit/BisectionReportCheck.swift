import Bisect
import Foundation
import Model
import ReportEmail

/// Checks of `--report` and `--report-template` made before the bisection (not after hours of it).
enum BisectionReportCheck {
    /// The template parses.
    static func template(_ path: String) throws -> BisectionReport { try BisectionReport(templatePath: path) }

    /// The report file can be written.
    static func writable(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue,
            FileManager.default.isWritableFile(atPath: parent)
        else {
            throw CulpritError.badInput("cannot write the report \(path): its directory \(parent) is missing or read-only")
        }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CulpritError.infrastructure("cannot write the report \(path): \(error)")
        }
    }
}
