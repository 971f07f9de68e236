import Foundation

/// The build log ``KernelBuilder`` keeps with each build: Culprit's notes and the output of
/// every configuration and make step, in order.
final class KernelBuildLog {
    let path: String
    private var buffer = ""

    init(path: String) {
        self.path = path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }

    /// Appends `text` (a newline is added) and writes the log out.
    func append(_ text: String) {
        buffer += text.hasSuffix("\n") ? text : text + "\n"
        try? buffer.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Appends the content of the file at `path` and removes it.
    func appendFile(_ other: String) {
        if let data = FileManager.default.contents(atPath: other) {
            append(String(decoding: data, as: UTF8.self))
        }
        try? FileManager.default.removeItem(atPath: other)
    }

    func text() -> String { buffer }
}
