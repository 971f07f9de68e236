extension Duration {
    /// The duration in seconds, as a `Double` (what results and logs record).
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
