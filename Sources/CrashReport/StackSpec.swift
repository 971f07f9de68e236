/// Where a title's function comes from: a sequence of steps through the report lines
/// (an instruction-pointer line, a marker line, a stack trace), the frames to pass over, and
/// how to choose among the frames found.
struct StackSpec: Sendable {
    enum Step: Sendable, Equatable {
        /// An instruction-pointer line (`RIP:`, `IP:`, `pc :`, `PC is at`).
        case ip
        /// An instruction-pointer line or a powerpc `--- interrupt: N at func` line.
        case ipOrInterrupt
        /// A line containing the text; when `functionAfter` is set, the name after it is a frame.
        case line(String, functionAfter: Bool)
        /// arm link register line (`LR is at func+0x..`): the caller of the
        /// faulting function, useful when the PC itself is garbage or generic.
        case linkRegister
        /// The line where a timer interrupt entered the stack of a stalled CPU.
        case interrupt
        /// A lockdep `at: [<pc>] func+0x..` line.
        case lockSite
        /// Frame lines until the next stack (`Call Trace`, `Allocated by task`, ...).
        case trace
    }

    /// How to choose the frame once the generic ones are dropped.
    enum Choice: Sendable { case first, stall, hung }

    var steps: [Step]
    var fallback: [Step]?
    var skip: [String] = []
    /// Source-file prefixes whose symbolized frames this family passes over, beyond `PlumbingFiles`.
    var skipFiles: [String] = []
    var choice: Choice = .first

    static let callTrace = StackSpec(steps: [.line("Call Trace:", functionAfter: false), .trace])
    static let ipThenTrace = StackSpec(steps: [.ip, .line("Call Trace:", functionAfter: false), .trace])
    static let ipOnly = StackSpec(steps: [.ip])

    static func warning(skip: [String] = []) -> StackSpec {
        StackSpec(
            steps: [.ipOrInterrupt, .trace], fallback: [.line("Call Trace:", functionAfter: false), .trace], skip: skip)
    }

    func with(skip more: [String]) -> StackSpec {
        var copy = self
        copy.skip += more
        return copy
    }

    func with(skipFiles more: [String]) -> StackSpec {
        var copy = self
        copy.skipFiles += more
        return copy
    }

    func with(_ choice: Choice) -> StackSpec {
        var copy = self
        copy.choice = choice
        return copy
    }
}
