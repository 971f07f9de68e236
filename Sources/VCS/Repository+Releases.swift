extension Repository {
    /// All release tags (`vX.Y`, `vX.Y-rcN`, `vX.Y.Z`) that point to commits, oldest first.
    public func releaseTags() async throws -> [ReleaseTag] {
        try await releaseTags(merged: nil)
    }

    /// Releases that are ancestors of `revision` (the commit itself excluded), newest first.
    ///
    /// Only `vX.Y` releases unless `includeReleaseCandidates` or `includeStable` ask for more.
    ///
    /// - Throws: `CulpritError.badInput` when the repository is a shallow clone whose history
    ///   from `revision` is cut short (older releases would be silently missing).
    public func releases(
        before revision: String, includeReleaseCandidates: Bool = false, includeStable: Bool = false
    ) async throws -> [ReleaseTag] {
        let hash = try await resolve(revision)
        // In a shallow clone whose history from `revision` is cut, older releases are unknown.
        for edge in shallowBoundary() {
            let result = try await git.run(["merge-base", "--is-ancestor", edge, hash])
            if result.succeeded { throw shallowError("to find the releases before \(revision)") }
        }
        let tags = try await releaseTags(merged: hash)
        let picked = tags.filter {
            $0.commit != hash
                && ($0.isMainline || (includeReleaseCandidates && $0.isReleaseCandidate)
                    || (includeStable && $0.isStable))
        }
        return picked.reversed()
    }

    /// Release tags, optionally only those reachable from `merged`, oldest first.
    func releaseTags(merged: String?) async throws -> [ReleaseTag] {
        var arguments = [
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)",
        ]
        if let merged { arguments.append("--merged=" + merged) }
        arguments.append("refs/tags/v*")
        let lines = try await git.output(arguments).split(separator: UInt8(ascii: "\n"))
        var tags: [ReleaseTag] = []
        for line in lines {
            let f = line.split(separator: 0, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard f.count == 5 else { continue }
            // A lightweight tag points at the commit; an annotated one is peeled once.
            let commit: String
            if f[1] == "commit" {
                commit = f[2]
            } else if f[3] == "commit" {
                commit = f[4]
            } else {
                continue
            }
            if let tag = ReleaseTag(name: f[0], commit: commit) { tags.append(tag) }
        }
        return tags.sorted()
    }
}
