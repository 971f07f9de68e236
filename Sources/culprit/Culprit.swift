import ArgumentParser
import Backends
import Foundation
import JobConfig
import Model
import Support
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

@main
struct Culprit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "culprit",
        abstract: "Find the commit that introduced (or fixed) a crash.",
        discussion: """
            Start with `culprit demo` to watch a real bisection of a generated C project, or \
            `culprit bisect --help` to bisect your own repository: with --build and --test shell \
            commands for any project, or with a job file whose `kernel:` section builds Linux \
            revisions and boots them in QEMU (examples/command-job.yml and \
            examples/kernel-job.yml in Culprit's repository show every setting).

            `culprit jobs` lists the jobs on this machine and their disk use. Shell completion: \
            `culprit --generate-completion-script bash` (or zsh, fish); the scripts are also in \
            scripts/completions/.
            """,
        version: Version.current,
        subcommands: [
            BisectCommand.self,
            DemoCommand.self,
            SimulateCommand.self,
            ReportCommand.self,
            RecipientsCommand.self,
            BenchCommand.self,
            JobsCommand.self,
            CleanCommand.self,
            ServeCommand.self,
            WorkerCommand.self,
            SubmitCommand.self,
            TokenCommand.self,
        ]
    )

    static func main() async {
        // The backends job files and `--build`/`--test` name (the command backend, the kernel).
        BackendRegistry.registerBuiltIn()
        let received = Atomic<Int32>(0)
        // The command runs in a task of its own, so that a signal can cancel it: cancellation
        // ends every child (SIGTERM, then SIGKILL) and the bisection keeps what it recorded.
        let task = Task<Void, any Error> {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        }
        // `worker` and `serve` run as swift-service-lifecycle services and handle the signals
        // themselves (`ServiceSignals`: the first stops them gracefully, a second at once). The
        // one-shot commands' handler below (cancel now, exit 128+signal) is not theirs.
        let runsAsService = serviceCommands.contains(CommandLine.arguments.dropFirst().first ?? "")
        if !runsAsService { TerminationSignals.install { signal in
            let first = received.compareExchange(expected: 0, desired: signal, ordering: .sequentiallyConsistent)
                .exchanged
            guard first else {
                // A second signal: stop now.
                ProcessRegistry.shared.terminateAll(grace: .zero)
                printError("culprit: stopped by \(TerminationSignals.name(signal)); \(interruptedHint)")
                _exit(128 + signal)
            }
            printError("culprit: \(TerminationSignals.name(signal)) received, stopping (send it again to stop at once)")
            task.cancel()
            // Should the command not wind down in time, end it here.
            let limit = ProcessGuard.gracePeriod + .seconds(10)
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(limit.components.seconds))) {
                ProcessRegistry.shared.terminateAll()
                printError("culprit: stopped by \(TerminationSignals.name(signal)); \(interruptedHint)")
                _exit(128 + signal)
            }
        } }
        let outcome = await task.result
        let signal = received.load(ordering: .sequentiallyConsistent)
        if signal != 0 {
            ProcessRegistry.shared.terminateAll()
            if case .failure(let error as CulpritError) = outcome, error.code == .cancelled {
                printError("culprit: \(error.message)")
            } else {
                printError("culprit: stopped by \(TerminationSignals.name(signal)); \(interruptedHint)")
            }
            Foundation.exit(128 + signal)
        }
        switch outcome {
        case .success:
            break
        case .failure(let error as CulpritError):
            printError("culprit: error: \(error.message)")
            Foundation.exit(ExitStatus(for: error).rawValue)
        case .failure(let error):
            let code = exitCode(for: error)
            // Help, --version and plain exit codes go out as the parser writes them; every error
            // gets the one prefix `culprit: error:` (the parser's own is `Error:`).
            guard code != .success, !(error is ExitCode) else { exit(withError: error) }
            let message = fullMessage(for: error)
            let text = message.hasPrefix("Error: ") ? message.dropFirst("Error: ".count) : Substring(message)
            printError("culprit: error: " + text)
            Foundation.exit(code.rawValue)
        }
    }

    /// The subcommands whose ServiceGroup handles SIGTERM and SIGINT itself (graceful shutdown).
    static let serviceCommands: Set<String> = ["worker", "serve"]

    /// What a user can do after an interruption.
    static let interruptedHint = "what was recorded is kept: run the same command again to resume"
}
