import Foundation

extension JobsCommand {
    /// `culprit jobs --server URL`: the server's jobs as a table.
    func listServerJobs(_ server: String) async throws {
        let client = try ServerClient(server: server, token: nil)
        let answer = try await client.request("GET", "/api/jobs?limit=\(limit)")
        let jobs = answer["jobs"] as? [[String: Any]] ?? []
        if jobs.isEmpty {
            print("no jobs on \(server)")
            return
        }
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        print("\(pad("ID", 6)) \(pad("STATE", 10)) \(pad("CONFIDENCE", 11)) \(pad("CULPRIT", 16)) CRASH / REPOSITORY")
        for job in jobs {
            let confidence = (job["confidence"] as? Double).map { String(format: "%.1f%%", $0 * 100) } ?? "-"
            let culprit = (job["culprit"] as? String).map { String($0.prefix(12)) } ?? (job["outcome"] as? String ?? "-")
            let crash = job["title"] as? String ?? job["repository"] as? String ?? ""
            print(
                "\(pad("\(job["id"] ?? "")", 6)) \(pad(job["state"] as? String ?? "", 10)) \(pad(confidence, 11)) "
                    + "\(pad(culprit, 16)) \(crash)")
        }
    }
}
