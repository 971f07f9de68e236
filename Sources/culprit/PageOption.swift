import ArgumentParser
import Bisect
import Foundation
import Model

/// `--html FILE` of the commands that run a bisection (`bisect`, `demo`): the job's page written
/// when it ends.
struct PageOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "When the job ends, write its page (result, timeline, posterior chart, log, crash, recipients) as one "
                + "self-contained HTML file here.",
            valueName: "file"))
    var html: String?

    /// Fails before any work when the page could not be written (no such directory, not writable).
    func checkWritable() throws {
        guard let html else { return }
        let directory = (JobsCommand.absolute(html) as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            FileManager.default.isWritableFile(atPath: directory)
        else {
            throw CulpritError.badInput(
                "--html \(html): the directory \(directory) does not exist or is not writable; create it or choose another file")
        }
    }

    /// Writes the page of the job whose state is in `stateDirectory` (nothing without `--html`).
    func write(stateDirectory: String, console: ConsoleLog) throws {
        guard let html else { return }
        guard let local = LocalJob.read(stateDirectory) else {
            console.line("warning: no page: the job's state in \(stateDirectory) cannot be read")
            return
        }
        try HTMLReport.write(local, to: JobsCommand.absolute(html))
        console.line("wrote the job's page to \(html)")
    }
}
