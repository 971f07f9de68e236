/// What the engine reports while it works.
public enum BisectionEvent: Sendable {
    /// A ready log line in the seeds' format (`testing commit H`, `run #0: crashed: T`, ...).
    case line(String)
    /// State for a terminal progress line.
    case progress(BisectionProgress)
}
