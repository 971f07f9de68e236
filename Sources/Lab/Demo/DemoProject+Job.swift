import CommandBackend
import JobConfig

extension DemoProject {
    /// The bisection `culprit demo` runs on this project: from the tip of `master`, no good
    /// revision (release tags are walked back), the gcc + AddressSanitizer build, the reproducer,
    /// 16 runs per revision (the reproducer catches the bug about one time in three), and the
    /// default target confidence of 0.95 (at 0.99, half the demos end inconclusive: the engine's
    /// readings of the unrelated crash keep the culprit's parent at about 2%; see the README).
    public func job(jobs: Int? = nil, runs: Int? = nil, strategy: String? = nil, confidence: Double? = nil)
        -> BisectJob
    {
        var job = BisectJob()
        job.repository = path
        job.bad = head
        job.jobs = jobs ?? 2
        job.runs = runs ?? 16
        job.confidence = confidence ?? 0.95
        job.strategy = strategy
        job.timeout = 60
        job.backend = CommandJob(
            build: Self.buildCommand, test: Self.testCommand, artifacts: [Self.artifact], buildTimeout: 300)
        return job
    }
}
