import Foundation
import Model
import Support

extension Repository {
    /// The metadata of the commit `revision` names: author, dates, parents, message, trailers
    /// and the files it changes (against its first parent for a merge).
    ///
    /// - Throws: `CulpritError.badInput` for an unknown revision.
    public func commit(_ revision: String) async throws -> Commit {
        let hash = try await resolve(revision)
        if isShallow, shallowBoundary().contains(hash) {
            // git shows the boundary commit without parents: its "changes" would be every file.
            throw shallowError("to read the parents and changes of \(revision)")
        }
        let format = ["%H", "%P", "%an", "%ae", "%at", "%ct", "%s", "%b", "%(trailers:only,unfold,separator=%x00)"]
            .joined(separator: "%x00")
        let fields = try await git.output(["show", "-s", "--no-color", "--format=" + format, hash, "--"]).nulFields()
        guard fields.count >= 8 else {
            throw CulpritError.infrastructure("git printed unexpected metadata for \(hash): \(fields.prefix(3))")
        }
        let parents = fields[1].split(separator: " ").map(String.init)
        let trailers = fields.dropFirst(8).compactMap { line -> Trailer? in
            let line = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { return nil }
            return Trailer(key: key, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = fields[7]
        while body.hasSuffix("\n") { body.removeLast() }
        return Commit(
            hash: fields[0], title: fields[6], authorName: fields[2], authorEmail: fields[3],
            authorDate: Date(timeIntervalSince1970: TimeInterval(fields[4]) ?? 0),
            committerDate: Date(timeIntervalSince1970: TimeInterval(fields[5]) ?? 0),
            parents: parents, body: body, files: try await changedFiles(hash, parents: parents),
            trailers: trailers)
    }

    /// The paths `hash` changes: against its first parent, or every file of a root commit.
    func changedFiles(_ hash: String, parents: [String]) async throws -> [String] {
        var arguments = ["diff-tree", "-r", "-z", "--name-only", "--no-renames", "--no-commit-id"]
        arguments += parents.first.map { [$0, hash] } ?? ["--root", hash]
        return try await git.output(arguments + ["--"]).nulFields()
    }
}
