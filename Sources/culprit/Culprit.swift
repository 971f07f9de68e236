import ArgumentParser
import Foundation
import Model
import Support

@main
struct Culprit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "culprit",
        abstract: "Find the commit that introduced (or fixed) a crash.",
        discussion: """
            Start with `culprit demo` to watch a real bisection of a generated C project, or \
            `culprit bisect --help` to bisect your own repository.
            """,
        version: Version.current,
        subcommands: [
            BisectCommand.self,
            DemoCommand.self,
            SimulateCommand.self,
            ReportCommand.self,
            RecipientsCommand.self,
            BenchCommand.self,
        ]
    )

    static func main() async {
        ProcessRegistry.installSignalHandlers()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CulpritError {
            printError("culprit: error: \(error.message)")
            Foundation.exit(ExitStatus(for: error).rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
