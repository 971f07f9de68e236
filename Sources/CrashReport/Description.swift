/// The title chosen for a report and what the rule knows about its shape.
struct Description: Sendable {
    var title: String
    /// Why the report is damaged, when the rule can tell.
    var corrupted: String?
    /// The report kind has no stack trace of its own (so a missing stack is not damage).
    var noStackTrace = false
    /// A known rule produced the title (unknown reports are never called damaged for lack of a stack).
    var known = true
    /// The stack frame the title names, when it names one.
    var frame: String?
}
