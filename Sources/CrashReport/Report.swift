/// One crash report found in a console log or in a program's output.
public struct Report: Sendable, Hashable, Codable {
    /// Title for a test machine whose console went silent without a report (decided by the caller,
    /// which knows the connection was lost).
    public static let lostConnectionTitle = "lost connection to test machine"
    /// Title for a kernel that booted again in the middle of a test.
    public static let unexpectedRebootTitle = "unexpected kernel reboot"

    /// One-line title in kernel-developer conventions, e.g. `KASAN: use-after-free Read in psock_map_pop`.
    public var title: String
    /// Crash class as used in the corpus `TYPE` header (e.g. `KASAN-USE-AFTER-FREE-READ`); empty when unknown.
    public var type: String
    /// The report is damaged (truncated, interleaved, missing its stack); see `corruptedReason`.
    public var corrupted: Bool
    /// Why the report is considered damaged.
    public var corruptedReason: String?
    /// The crash matches a suppression (not a kernel bug, e.g. the fuzzer itself ran out of memory).
    public var suppressed: Bool
    /// The kernel (or process) panicked: nothing runs after this report.
    public var panicked: Bool
    /// The report text, line prefixes (timestamps, caller ids) removed.
    public var text: String
    /// Byte offset of the first line of the report in the input.
    public var startOffset: Int
    /// Byte offset just past the last line that belongs to the report.
    public var endOffset: Int
    /// Stack frames of the report, in the order printed.
    public var frames: [Frame]
    /// The source file most likely to blame (generic files such as allocators, sanitizers and
    /// locking skipped), when the report names source files.
    public var guiltyFile: String?

    public init(
        title: String, type: String = "", corrupted: Bool = false, corruptedReason: String? = nil,
        suppressed: Bool = false, panicked: Bool = false, text: String = "", startOffset: Int = 0,
        endOffset: Int = 0, frames: [Frame] = [], guiltyFile: String? = nil
    ) {
        self.title = title
        self.type = type
        self.corrupted = corrupted
        self.corruptedReason = corruptedReason
        self.suppressed = suppressed
        self.panicked = panicked
        self.text = text
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.frames = frames
        self.guiltyFile = guiltyFile
    }
}

/// One stack frame as printed in a report.
public struct Frame: Sendable, Hashable, Codable {
    /// Function name, without compiler suffixes such as `.isra.0` or `.cold`.
    public var function: String
    /// `0x2f5/0x330` (offset/size) when printed.
    public var offset: String?
    /// Source file, when the report is symbolized.
    public var file: String?
    /// Source line, when the report is symbolized.
    public var line: Int?
    /// The frame was inlined into its caller (`[inline]`).
    public var inline: Bool

    public init(function: String, offset: String? = nil, file: String? = nil, line: Int? = nil, inline: Bool = false) {
        self.function = function
        self.offset = offset
        self.file = file
        self.line = line
        self.inline = inline
    }
}
