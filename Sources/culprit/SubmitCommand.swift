import ArgumentParser
import Foundation
import Model
import Support

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a job file to `culprit serve`; prints the job's id and URL.",
        discussion: """
            The job file is the same YAML as for `culprit bisect --job`, with `repo:` a git URL or \
            an absolute path that the workers can read. Needs a token (`culprit token create` on the \
            server's store) in --token or CULPRIT_TOKEN.
            """
    )

    @Argument(help: ArgumentHelp("The job file (YAML or JSON).", valueName: "job.yml"))
    var file: String

    @Option(help: ArgumentHelp("The server's URL, e.g. http://127.0.0.1:8080.", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("Access token. Default: $CULPRIT_TOKEN.", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Queue priority from -1000 to 1000; higher runs first. Default: 0.", valueName: "n"))
    var priority: Int?

    func run() async throws {
        let client = try ServerClient(server: server, token: token)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CulpritError.badInput("cannot read the job file \(file): check the path and its permissions")
        }
        let query = priority.map { "?priority=\($0)" } ?? ""
        let job = try await client.request("POST", "/api/jobs" + query, body: data)
        print("job \(job["id"] ?? "?") queued: \(job["url"] ?? "")")
    }
}
