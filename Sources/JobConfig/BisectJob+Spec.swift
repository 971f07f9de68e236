import Foundation
import Model

extension BisectJob {
    /// These settings as the plain job value a database row or an HTTP body holds: the command
    /// line and a job file that say the same give the same spec. Unset values take the engine's
    /// defaults (runs 8, confidence 0.95, bayes, cause mode); paths stay as given.
    /// - Throws: `CulpritError.badInput` when the repository, the bad revision or the backend is missing.
    public func spec() throws -> JobSpec {
        var missing: [String] = []
        if repository == nil { missing.append("the repository") }
        if bad == nil { missing.append("the bad revision") }
        if backend == nil { missing.append("the build and test settings") }
        guard let repository, let bad, let backend else {
            throw CulpritError.badInput("the job has no \(missing.joined(separator: ", ")): give them to make its spec")
        }
        let defaults = JobSpec.Budgets()
        return JobSpec(
            repository: repository, bad: bad, good: good, mode: fix == true ? .fix : .cause,
            strategy: strategy.flatMap(Strategy.init(name:)) ?? .bayes,
            budgets: JobSpec.Budgets(
                runs: runs ?? defaults.runs, confidence: confidence ?? defaults.confidence, maxBuilds: maxBuilds,
                maxRuns: maxRuns),
            parallelRuns: jobs, timeout: timeout, backend: backend.spec, minimizeConfig: minimizeConfig)
    }
}
