extension Substring {
    /// The text without spaces at either end.
    func trimmingPrefixSpaces() -> Substring {
        var s = self.drop(while: { $0 == " " })
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
