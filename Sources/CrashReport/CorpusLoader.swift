import Foundation

/// Reads corpus directories.
public enum CorpusLoader {
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Loads every case file of `directory`; a directory holding `report/` and/or `guilty/`
    /// loads both (names then carry the subdirectory).
    public static func load(_ directory: String) throws -> [CorpusCase] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw LoadError(
                description:
                    "'\(directory)' is not a directory: give a corpus dir such as ../shared/corpus/linux/report")
        }
        var subdirs: [String] = []
        for sub in ["report", "guilty"] {
            var d: ObjCBool = false
            if fm.fileExists(atPath: directory + "/" + sub, isDirectory: &d), d.boolValue { subdirs.append(sub) }
        }
        if !subdirs.isEmpty {
            return try subdirs.flatMap { sub in try loadFlat(directory + "/" + sub, label: sub + "/") }
        }
        return try loadFlat(directory, label: "")
    }

    private static func loadFlat(_ directory: String, label: String) throws -> [CorpusCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }
        var cases: [CorpusCase] = []
        for name in names.sorted(by: naturalOrder) {
            let path = directory + "/" + name
            var d: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &d), !d.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            if let c = CorpusCase(name: label + name, bytes: [UInt8](data)) { cases.append(c) }
        }
        if cases.isEmpty {
            throw LoadError(description: "no corpus files in '\(directory)': expected files with TITLE:/FILE: headers")
        }
        return cases
    }

    private static func naturalOrder(_ a: String, _ b: String) -> Bool {
        if let x = Int(a), let y = Int(b) { return x < y }
        return a < b
    }
}
