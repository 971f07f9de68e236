import BisectCore
import Foundation
import Model
import VCS

/// Speculative builds (`--speculative-builds`): while one revision is tested, the revision most
/// likely needed next (the engine's next choice after the more probable outcome) is built in a
/// second work tree, so that the next
/// test does not wait for its build. At most one such build and one spare work tree (disk:
/// twice the checkout); the log says which builds were speculative, used or wasted.
extension BisectionSession {
    /// The spare work tree's directory name in the state directory.
    static let spareName = "worktree-2"

    /// The revision to build while `node` gets `runs` runs: the revision the engine would test
    /// next after the more probable outcome of those runs (all crashing with the signature's
    /// title, or all clean), else after the other one; nil when that needs no build or ends the
    /// bisection. (``BisectCore/planBatch(freeBuildSlots:freeTestSlots:inFlight:buildTime:runTime:)``
    /// picks a build by its own measure, which the one-at-a-time loop then often does not take:
    /// on a 60-commit history 4 of 5 such builds were wasted.)
    func speculationTarget(_ core: BisectCore, testing node: Int, runs: Int) -> String? {
        guard config.speculativeBuilds, core.strategy == .bayes, let title = signature.ranked.first else { return nil }
        if let maxBuilds = config.maxBuilds, journal.builds.count + 2 > maxBuilds { return nil }
        let n = max(runs, 1)
        let outcomes: [[RunOutcome]] = [
            Array(repeating: .crashed(title: title, report: nil), count: n), Array(repeating: .ok, count: n),
        ]
        // The probability that the crash is present at `node`, before its runs.
        let crashFirst = core.bugProbability(at: node) >= 0.5
        for o in crashFirst ? outcomes : outcomes.reversed() {
            var next = core
            next.setAvailable(node, true)
            next.record(o, at: node)
            updateCosts(&next)
            guard case .test(let target, _, _) = next.nextAction(), target != node else { continue }
            let commit = core.dag.ids[target]
            if let recorded = journal.build(of: commit), recorded.status == .failed || isReusable(recorded) { continue }
            if builtInWorktree == commit || builtInSpare == commit { continue }
            return commit
        }
        return nil
    }

    /// Tells the core which revisions cost no build now: those whose build one of the two work
    /// trees holds or the spare one is making (speculative builds only; without them the core
    /// sees what it always saw). Near-ties then go to the revision already built.
    mutating func markBuildsAtHand(_ core: inout BisectCore) {
        guard config.speculativeBuilds else { return }
        let atHand = Set([builtInWorktree, builtInSpare, speculation?.commit].compactMap { $0.flatMap { core.dag.index[$0] } })
        for node in markedAtHand.subtracting(atHand) {
            core.setAvailable(node, journal.build(of: core.dag.ids[node]).map(isReusable) ?? false)
        }
        for node in atHand { core.setAvailable(node, true) }
        markedAtHand = atHand
    }

    /// Checks `commit` out in the spare work tree and starts its build beside the test of `tested`.
    mutating func startSpeculation(_ commit: String, while tested: String) async throws {
        await settleSpeculation(wanting: nil)
        let tree: Worktree
        if let spare {
            tree = spare
        } else {
            tree = try await repository.worktree(
                at: stateDirectory + "/" + Self.spareName, keeping: config.keepDirectories)
            spare = tree
        }
        try Self.checkCancellation()
        try await tree.checkout(commit)
        builtInSpare = nil
        line("speculative build of \(commit) in \(tree.path) while \(tested) is tested: the revision most likely "
            + "needed next")
        let step = buildStep(commit, in: tree)
        speculation = SpeculativeBuild(
            commit: commit, during: tested, task: Task { try await step.run() }, started: .now)
    }

    /// Ends the speculative build in flight: waits for it when `wanted` is its revision (then
    /// tests in its work tree), otherwise cancels it (killing its processes) and logs it as
    /// wasted. Also swaps the work trees when the spare one already holds `wanted`'s build.
    mutating func settleSpeculation(wanting wanted: String?) async {
        if let s = speculation {
            speculation = nil
            if s.commit == wanted {
                let waited = ContinuousClock.now
                let result = try? await s.task.value
                let wait = BisectionLog.duration((ContinuousClock.now - waited).seconds)
                if let result {
                    line("speculative build of \(s.commit) used (\(result.status == .built ? "built" : "failed"); "
                        + "waited \(wait) for it after the test of \(s.during))")
                    if result.status == .built { builtInSpare = s.commit }
                } else {
                    line("speculative build of \(s.commit) did not finish: building it again")
                }
            } else {
                s.task.cancel()
                let result = try? await s.task.value
                let next = wanted.map { "\($0) is tested next" } ?? "no more builds are needed"
                if let result {
                    line("speculative build of \(s.commit) wasted: it finished, but \(next)")
                    if result.status == .built { builtInSpare = s.commit }
                } else {
                    line("speculative build of \(s.commit) wasted: cancelled after "
                        + "\(BisectionLog.duration((ContinuousClock.now - s.started).seconds)), \(next)")
                }
            }
        }
        if let wanted, builtInWorktree != wanted, builtInSpare == wanted, let other = spare {
            spare = worktree
            worktree = other
            builtInSpare = builtInWorktree
            builtInWorktree = wanted
        }
    }
}
