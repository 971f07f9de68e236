import ArgumentParser
import CrashReport
import Foundation
import Model
import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct ReportParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the crash reports found in console logs or program output.",
        discussion: """
            Reads standard input when no file is given. Input of any length is read as a stream in \
            bounded memory (a window of a few MB around each report); each report is printed as soon \
            as it is complete.
            """
    )

    @Argument(help: "Log files to parse (standard input when none).")
    var files: [String] = []

    @Flag(name: .long, help: "Print JSON (one array of reports per input) instead of text.")
    var json = false

    @Option(name: .long, help: "Stop after this many reports per input (no limit by default); a line says when it was reached.")
    var maxReports: Int?

    func validate() throws {
        if let maxReports, maxReports < 1 {
            throw ValidationError("--max-reports must be at least 1 (omit it for no limit)")
        }
    }

    func run() async throws {
        let inputs = files.isEmpty ? ["-"] : files
        // Check every file before printing anything.
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isReadableFile(atPath: file)
            else {
                throw CulpritError.badInput("cannot read '\(file)': check that the file exists and is readable")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if json { write("[\n") }
        for (n, file) in inputs.enumerated() {
            let name = file == "-" ? "<stdin>" : file
            let fd = file == "-" ? 0 : open(file, O_RDONLY)
            guard fd >= 0 else {
                throw CulpritError.badInput("cannot read '\(file)': check that the file exists and is readable")
            }
            defer { if fd != 0 { close(fd) } }
            var stream = ReportStream(maximumReports: maxReports ?? .max)
            var count = 0
            let lead = inputs.count > 1 ? "\(name): " : ""
            if json { write("  {\n    \"file\" : \(try jsonString(name, encoder)),\n    \"reports\" : [") }
            func emit(_ reports: [Report]) throws {
                for r in reports {
                    if json {
                        let body = String(decoding: try encoder.encode(r), as: UTF8.self)
                        write((count == 0 ? "\n" : ",\n") + indent(body, 6))
                    } else {
                        write(ReportTextFormatter.format(report: r, index: count, lead: lead) + "\n")
                    }
                    count += 1
                }
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while !stream.limitReached {
                let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw CulpritError.badInput(
                        "reading '\(name)' failed: \(String(cString: strerror(errno))); check the input")
                }
                if got == 0 { break }
                try emit(stream.feed(chunk[..<got]))
            }
            try emit(stream.finish())
            let limitLine =
                "\(lead)stopped after \(count) reports (--max-reports \(maxReports ?? 0)): later reports were not searched"
            if json {
                write((count == 0 ? "" : "\n    ") + "],\n    \"limitReached\" : \(stream.limitReached)\n  }")
                write(n + 1 < inputs.count ? ",\n" : "\n")
                if stream.limitReached { printError(limitLine) }
            } else {
                if count == 0 { write("\(lead)no crash report found\n") }
                if stream.limitReached { write(limitLine + "\n") }
            }
        }
        if json { write("]\n") }
    }

    private func write(_ text: String) {
        StandardStream.output.write(text)
    }

    private func jsonString(_ s: String, _ encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode([s]), as: UTF8.self)
            .trimmingCharacters(in: CharacterSet(charactersIn: "[] \n"))
    }

    private func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }
}
