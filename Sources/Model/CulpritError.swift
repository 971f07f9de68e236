/// An error Culprit reports to its user: a code that says which kind of problem it is,
/// and a description that names the problem and what to do about it.
///
/// Modelled on the error style of swift-subprocess: a small struct with a stable code and
/// a readable message, rather than a large enum that every caller must switch over.
public struct CulpritError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of a problem; the CLI maps it to an exit code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The user gave something unusable: a missing file, an unknown revision, a bad option.
        public static let badInput = Code("bad-input")
        /// Something around the job failed: git, a compiler, QEMU, the disk.
        public static let infrastructure = Code("infrastructure")
        /// A subprocess exceeded its time limit.
        public static let timeout = Code("timeout")
        /// The job was cancelled (signal or task cancellation).
        public static let cancelled = Code("cancelled")
        /// No such thing (a job id the store does not have); the server answers 404.
        public static let notFound = Code("not-found")
        /// The thing's state does not allow it (cancelling a finished job); the server answers 409.
        public static let conflict = Code("conflict")
    }

    public let code: Code
    /// One or more sentences: what went wrong and what the user can do.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Shorthand for a `.badInput` error.
    public static func badInput(_ message: String) -> CulpritError { .init(.badInput, message) }
    /// Shorthand for an `.infrastructure` error.
    public static func infrastructure(_ message: String) -> CulpritError { .init(.infrastructure, message) }
}
