import Support

/// Writes a line to standard error (a write that fails, as on a terminal that hung up, is dropped).
func printError(_ text: String) {
    StandardStream.error.write(text + "\n")
}
