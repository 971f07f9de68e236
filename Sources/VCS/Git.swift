import Foundation
import Model
import Support

/// Runs the `git` binary in one directory with a stable, non-interactive setup.
///
/// Every call gets the C locale, no pager, no terminal prompt, no hooks, no automatic gc and
/// unquoted paths, and inherits no `GIT_DIR`-style variables that would point git elsewhere.
/// Arguments go to git as a list; nothing is ever spliced into a shell line.
struct Git: Sendable {
    /// The directory git runs in (`-C`).
    let directory: String

    /// Options put before every subcommand.
    static let options: [String] = [
        "-c", "core.quotepath=off",
        "-c", "color.ui=never",
        "-c", "core.hooksPath=/dev/null",
        "-c", "core.fsmonitor=false",
        "-c", "gc.auto=0",
        "-c", "maintenance.auto=false",
        "-c", "advice.detachedHead=false",
        "-c", "log.showSignature=false",
        "-c", "i18n.logOutputEncoding=UTF-8",
    ]

    /// The environment set on top of the inherited one.
    static let environment: [String: String?] = [
        "LC_ALL": "C",
        "LANGUAGE": nil,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_EDITOR": "true",
        "GIT_ASKPASS": nil,
        "SSH_ASKPASS": nil,
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_DIR": nil,
        "GIT_WORK_TREE": nil,
        "GIT_INDEX_FILE": nil,
        "GIT_OBJECT_DIRECTORY": nil,
        "GIT_ALTERNATE_OBJECT_DIRECTORIES": nil,
        "GIT_COMMON_DIR": nil,
        "GIT_NAMESPACE": nil,
        "GIT_CONFIG_PARAMETERS": nil,
    ]

    /// Runs `git <options> args` and returns whatever it produced, whatever its status.
    func run(
        _ arguments: [String], input: [UInt8] = [], environment: [String: String?] = [:],
        timeout: Duration? = nil
    ) async throws -> ProcessResult {
        var env = Git.environment
        for (key, value) in environment { env[key] = value }
        return try await ProcessRunner.run(
            "git", Git.options + arguments, directory: directory, environment: env, input: input,
            output: .capture(limit: 1 << 30), timeout: timeout)
    }

    /// Runs git and returns its standard output; a non-zero status is an infrastructure error
    /// quoting git's own message.
    func output(_ arguments: [String], input: [UInt8] = [], environment: [String: String?] = [:]) async throws
        -> [UInt8]
    {
        let result = try await run(arguments, input: input, environment: environment)
        guard result.succeeded else { throw failure(result) }
        return result.output
    }

    /// Like ``output(_:input:environment:)`` but decoded, without the final newline.
    func text(_ arguments: [String]) async throws -> String {
        var text = String(decoding: try await output(arguments), as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The error for a git command that failed unexpectedly.
    func failure(_ result: ProcessResult) -> CulpritError {
        let command = (["git"] + result.arguments.drop(while: { $0 == "-c" || $0.contains("=") })).prefix(6)
            .joined(separator: " ")
        let message = result.tail(8).trimmingCharacters(in: .whitespacesAndNewlines)
        if result.timedOut {
            return CulpritError(.timeout, "`\(command)` in \(directory) timed out. \(message)")
        }
        return .infrastructure(
            "`\(command)` failed in \(directory) (\(result.status)): \(message.isEmpty ? "no message" : message)")
    }
}

extension Array where Element == UInt8 {
    /// Splits NUL-separated git output into strings (a trailing NUL makes no empty field).
    func nulFields() -> [String] {
        var fields = split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if fields.last == "" { fields.removeLast() }
        return fields
    }
}
