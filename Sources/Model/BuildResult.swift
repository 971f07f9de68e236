/// The outcome of one build.
public struct BuildResult: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// An artifact was produced.
        case built
        /// The source did not build: no evidence about the bug; the engine skips the revision.
        case failed
    }

    public var status: Status
    /// Set when `status == .built`.
    public var artifact: Artifact?
    /// The first line that looks like an error (`error:`, `undefined reference`, ...), when failed.
    public var firstError: String?
    /// The last lines of the build log, when failed.
    public var logTail: String?
    /// Path of the full build log, when kept.
    public var logPath: String?
    /// Wall-clock seconds spent building.
    public var seconds: Double
    /// Lines for the bisection log: how the revision was built (compiler, build fixes).
    public var notes: [String]?
    /// Config options the job asks for that the revision's configuration step dropped (a kernel's
    /// `olddefconfig`: their dependencies are off or missing there). The build then fails: a
    /// kernel without the requested sanitizer cannot show the crash, so its clean runs would be
    /// false evidence. Nil or empty: every requested option was kept.
    public var configNotHonoured: [String]?

    public init(
        status: Status, artifact: Artifact? = nil, firstError: String? = nil, logTail: String? = nil,
        logPath: String? = nil, seconds: Double
    ) {
        self.status = status
        self.artifact = artifact
        self.firstError = firstError
        self.logTail = logTail
        self.logPath = logPath
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case status, artifact
        case firstError = "first_error"
        case logTail = "log_tail"
        case logPath = "log_path"
        case seconds, notes
        case configNotHonoured = "config_not_honoured"
    }
}
