import Foundation
import Subprocess

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    /// How the child ended.
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        init(_ status: TerminationStatus) {
            switch status {
            case .exited(let code): self = .exited(code)
            case .signaled(let signal): self = .signalled(signal)
            }
        }

        public var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    public let executable: String
    public let arguments: [String]
    public let status: Status
    /// Captured standard output (empty unless `.capture` was asked for).
    public let output: [UInt8]
    /// Captured standard error (empty when merged into the output).
    public let standardError: [UInt8]
    /// The time limit was reached and the process group was killed.
    public let timedOut: Bool
    public let duration: Duration

    public init(
        executable: String, arguments: [String], status: Status, output: [UInt8], standardError: [UInt8],
        timedOut: Bool, duration: Duration
    ) {
        self.executable = executable
        self.arguments = arguments
        self.status = status
        self.output = output
        self.standardError = standardError
        self.timedOut = timedOut
        self.duration = duration
    }

    /// True when the child exited with status 0.
    public var succeeded: Bool { status == .exited(0) }

    /// Standard output decoded as UTF-8 (invalid bytes replaced).
    public var outputText: String { String(decoding: output, as: UTF8.self) }

    /// Standard error decoded as UTF-8 (invalid bytes replaced).
    public var errorText: String { String(decoding: standardError, as: UTF8.self) }

    /// The last `count` lines of standard error, or of the output when there is no error text.
    public func tail(_ count: Int = 20) -> String {
        let text = standardError.isEmpty ? outputText : errorText
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }
}
