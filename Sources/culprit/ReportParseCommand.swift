import ArgumentParser
import CrashReport
import Foundation
import Model
import Support

struct ReportParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the crash reports found in console logs or program output.",
        discussion: "Reads standard input when no file is given."
    )

    @Argument(help: "Log files to parse (standard input when none).")
    var files: [String] = []

    @Flag(name: .long, help: "Print JSON (one array of reports per input) instead of text.")
    var json = false

    func run() async throws {
        var inputs: [(String, [UInt8])] = []
        if files.isEmpty {
            inputs.append(("<stdin>", [UInt8](FileHandle.standardInput.readDataToEndOfFile())))
        } else {
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CulpritError.badInput("cannot read '\(file)': check that the file exists and is readable")
                }
                inputs.append((file, [UInt8](data)))
            }
        }
        let parser = ReportParser()
        var outputs: [ReportParseOutput] = []
        for (name, bytes) in inputs {
            let reports = parser.parse(bytes)
            if json {
                outputs.append(ReportParseOutput(file: name, reports: reports))
            } else {
                print(ReportTextFormatter.format(file: name, reports: reports, showFile: inputs.count > 1))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(outputs)
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

/// JSON shape of `culprit report parse --json`.
struct ReportParseOutput: Encodable {
    var file: String
    var reports: [Report]
}
