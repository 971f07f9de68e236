/// One console line with its printk prefix (`<4>`, `[  12.345678]`, `[ T123]`) taken apart.
struct ConsoleLine: Sendable {
    /// Byte offset of the first byte of the raw line.
    var start: Int
    /// Byte offset of the line's terminating newline (or the end of the log).
    var end: Int
    /// The text after the prefix, `\r` removed.
    var text: String
    /// Who printed the line: "" (no timestamp), "console" (timestamp, no caller id), or the
    /// caller id such as `T123` / `C1` (CONFIG_PRINTK_CALLER).
    var context: String
    /// A `? func+0x..` frame: the unwinder is not sure it belongs to the stack.
    var questionable: Bool
}
