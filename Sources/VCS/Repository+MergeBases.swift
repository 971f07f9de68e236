import Model

extension Repository {
    /// Every best common ancestor of `a` and `b` (criss-cross merges have several); empty when
    /// their histories are unrelated.
    public func mergeBases(_ a: String, _ b: String) async throws -> [String] {
        let x = try await resolve(a)
        let y = try await resolve(b)
        let result = try await git.run(["merge-base", "--all", x, y])
        switch result.status {
        case .exited(0): return result.outputText.split(separator: "\n").map(String.init)
        case .exited(1): return []
        default: throw git.failure(result)
        }
    }
}
