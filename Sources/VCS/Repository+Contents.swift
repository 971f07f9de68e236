import Foundation
import Model
import Support

extension Repository {
    /// The text of `path` at `revision`, or nil when the revision has no such file.
    public func contents(of path: String, at revision: String) async throws -> String? {
        let hash = try await resolve(revision)
        let result = try await git.run(["show", hash + ":" + path])
        return result.succeeded ? result.outputText : nil
    }
}
