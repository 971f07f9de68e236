import Model
import Support

/// Runs a test's runs with at most `width` at the same time, hands each result to `onRun` as it
/// ends (so that it is recorded at once, not after the batch), and returns them in index order.
/// The one bounded task-group loop of the testers.
///
/// When the task's ``StopSignal/current`` is set (a worker told to stop), no further run starts:
/// the runs in progress end and are handed to `onRun`, then the pool throws
/// `CulpritError.cancelled` if runs were left unstarted.
enum RunPool {
    static func run(
        _ indexes: [Int], width: Int, onRun: @escaping @Sendable (RunResult) throws -> Void,
        _ body: @escaping @Sendable (Int) async throws -> RunResult
    ) async throws -> [RunResult] {
        var results: [Int: RunResult] = [:]
        try await withThrowingTaskGroup(of: RunResult.self) { group in
            var next = 0
            func startNext() {
                guard next < indexes.count, !StopSignal.windingDown else { return }
                let index = indexes[next]
                next += 1
                group.addTask { try await body(index) }
            }
            for _ in 0..<min(max(1, width), indexes.count) { startNext() }
            while let result = try await group.next() {
                results[result.index] = result
                try onRun(result)
                startNext()
            }
        }
        guard results.count == indexes.count || !StopSignal.windingDown else {
            throw CulpritError(
                .cancelled, "stopped after \(results.count) of \(indexes.count) runs: the worker was told to stop")
        }
        return indexes.compactMap { results[$0] }
    }
}
