/// Work started but not finished when the engine plans for free slots: builds under way and
/// reproducer runs started, whose results are not in yet.
public struct InFlight: Sendable, Hashable {
    /// Nodes being built.
    public var builds: Set<Int> = []
    /// Runs started per node (built), results pending.
    public var runs: [Int: Int] = [:]

    public init(builds: Set<Int> = [], runs: [Int: Int] = [:]) {
        self.builds = builds
        self.runs = runs
    }

    public var isEmpty: Bool { builds.isEmpty && runs.values.allSatisfy { $0 == 0 } }
    public var runCount: Int { runs.values.reduce(0, +) }
}

/// What to start on the free slots (``BisectCore/planBatch(freeBuildSlots:freeTestSlots:inFlight:buildTime:runTime:)``).
public struct BatchPlan: Sendable, Hashable {
    /// Start building these nodes, one per free build slot (the first is the most useful; the
    /// others are speculative: useful when the tests in flight come out one way or the other).
    public var builds: [Int] = []
    /// Start this many runs on these built nodes, one per free test slot.
    public var runs: [Int: Int] = [:]
    /// Builds in flight no longer worth finishing (the posterior settled their revision).
    public var cancelBuilds: [Int] = []
    /// Stop: the answer (or the reason there is none). Cancel everything in flight.
    public var finish: BisectCore.Conclusion?

    public init() {}

    /// Whether the plan starts nothing.
    public var startsNothing: Bool { builds.isEmpty && runs.isEmpty }
}
