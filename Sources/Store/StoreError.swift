/// A store operation that cannot be done as asked; the server maps the code to an HTTP status.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// No such job.
        public static let notFound = Code("not-found")
        /// The job's state does not allow it.
        public static let conflict = Code("conflict")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
