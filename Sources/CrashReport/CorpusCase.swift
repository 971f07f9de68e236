/// One test case in the corpus format: header lines (`TITLE:`, `TYPE:`, `CORRUPTED: Y`, `FILE:` ...),
/// an empty line, the console log, and optionally an empty line plus `REPORT:` and the report text.
public struct CorpusCase: Sendable {
    public var name: String
    /// Header values by key, in order (`ALT` may repeat).
    public var headers: [(key: String, value: String)]
    /// The console log (without the `REPORT:` section).
    public var log: [UInt8]

    public var title: String { value("TITLE") ?? "" }
    public var type: String { value("TYPE") ?? "" }
    public var corrupted: Bool { value("CORRUPTED") == "Y" }
    public var suppressed: Bool { value("SUPPRESSED") == "Y" }
    public var panicked: Bool { value("PANICKED") == "Y" }
    public var guiltyFile: String? { value("FILE") }
    public var alternativeTitles: [String] { headers.filter { $0.key == "ALT" }.map(\.value) }

    public func value(_ key: String) -> String? { headers.first(where: { $0.key == key })?.value }

    /// Parses a corpus file's bytes; `nil` when it does not have the header/empty-line shape.
    public init?(name: String, bytes: [UInt8]) {
        self.name = name
        var headers: [(String, String)] = []
        var pos = 0
        while pos < bytes.count {
            let end = bytes[pos...].firstIndex(of: 10) ?? bytes.count
            let line = String(decoding: bytes[pos..<end], as: UTF8.self)
            pos = min(end + 1, bytes.count)
            if line.isEmpty || line == "\r" { break }
            if line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"),
                line[..<colon].allSatisfy({ $0.isASCIIUpper || $0.isASCIIDigit || $0 == "_" }), colon > line.startIndex
            else { return nil }
            var value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
            headers.append((String(line[..<colon]), String(value)))
        }
        self.headers = headers
        var log = Array(bytes[pos...])
        let marker = Array("\nREPORT:\n".utf8)
        let found: Int? = log.withUnsafeBufferPointer { $0.firstOccurrence(of: marker, from: 0) }
        if let cut = found { log = Array(log[..<cut]) }
        self.log = log
    }
}
