#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who printed a console line, as a range of the raw buffer (nothing decoded): no timestamp, a
/// timestamp without caller id, or the caller id itself (`T123`, `C1`; CONFIG_PRINTK_CALLER).
/// Comparing two of them compares a few bytes, so a region can tell its own lines from other
/// tasks' without building a `String` per line.
struct ConsoleContext: Sendable {
    enum Kind: UInt8, Sendable {
        /// No timestamp (`ConsoleLine.context` "").
        case none
        /// A timestamp without caller id (`ConsoleLine.context` "console").
        case console
        /// A caller id: its bytes are `start..<end` of the buffer.
        case caller
    }

    var kind: Kind
    var start = 0
    var end = 0

    static let none = ConsoleContext(kind: .none)
    static let console = ConsoleContext(kind: .console)

    /// The same printer as `other` (the same caller id bytes, or both without one).
    @inline(__always)
    func same(as other: ConsoleContext, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard kind == other.kind else { return false }
        guard kind == .caller else { return true }
        let n = end - start
        guard n == other.end - other.start else { return false }
        if start == other.start { return true }
        guard let base = b.baseAddress else { return false }
        return memcmp(base + start, base + other.start, n) == 0
    }

    /// A caller id whose first byte is `letter` (`T` for a task, `C` for a CPU).
    @inline(__always)
    func isCaller(_ letter: UInt8, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        kind == .caller && end > start && b[start] == letter
    }

    /// The form kept in `ConsoleLine.context`: "", "console" or the caller id.
    func string(in b: UnsafeBufferPointer<UInt8>) -> String {
        switch kind {
        case .none: return ""
        case .console: return "console"
        case .caller: return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        }
    }
}
