/// Which backend builds and tests a job's revisions, with that backend's own settings. The engine
/// does not read `settings`: the backend registered under `kind` decodes and validates them.
public struct BackendSpec: Sendable, Hashable, Codable {
    /// The backend's name: `command`, `kernel`, ...
    public var kind: String
    /// The backend's settings, as given (a YAML `kernel:` section, the `--build`/`--test` options).
    public var settings: JSONValue

    public init(kind: String, settings: JSONValue = .object([:])) {
        self.kind = kind
        self.settings = settings
    }
}
