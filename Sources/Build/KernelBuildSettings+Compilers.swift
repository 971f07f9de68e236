/// The compiler choice for one revision: the job's table when it has one, else the built-in
/// ``CompilerTable``.
extension KernelBuildSettings {
    /// The compiler for kernel `version` and why (for the build log): the job's own table
    /// (``compilers``) when it is not empty, else ``preferredCompiler`` where its row covers the
    /// version, else the first installed row of ``CompilerTable/builtIn``
    /// covering the version; `gcc` when the version is unknown or no row covers it.
    public func chooseCompiler(
        for version: KernelVersion?, installed: (String) -> Bool = CompilerTable.isInstalled
    ) -> (cc: String, why: String) {
        if !compilers.isEmpty {
            return (compiler(for: version), "the job's compiler table")
        }
        if let preferred = preferredCompiler, installed(preferred),
            version.map({ v in CompilerTable.builtIn.rows.first { $0.cc == preferred }?.covers(v) ?? true }) ?? true
        {
            return (preferred, "the bug's compiler")
        }
        guard let version else { return ("gcc", "kernel version unknown: the default compiler") }
        if let row = CompilerTable.builtIn.row(for: version, installed: installed) {
            return (row.cc, "built-in table: \(row.cc) builds \(row.range)")
        }
        return ("gcc", "no installed compiler of the built-in table builds \(version): the default compiler")
    }

    /// The oldest kernel this job can build, with the reason (for the release walk's stop);
    /// nil when there is no such bound (a job table with a row without `since`).
    public func oldestBuildable(installed: (String) -> Bool = CompilerTable.isInstalled) -> (
        version: KernelVersion, reason: String
    )? {
        if !compilers.isEmpty {
            // A job table whose every row starts at a version builds nothing older.
            let starts = compilers.map(\.since)
            guard !starts.contains(nil), let oldest = starts.compactMap({ $0 }).min() else { return nil }
            return (
                oldest,
                "the job's compiler table starts at \(oldest.major).\(oldest.minor); add a row for older kernels "
                    + "(a row without since: covers every version)"
            )
        }
        guard let row = CompilerTable.builtIn.oldestSupported(installed: installed) else { return nil }
        let others = CompilerTable.builtIn.rows.filter { installed($0.cc) }.map { "\($0.cc) \($0.range)" }
        return (
            row.oldest,
            "the oldest kernel the installed compilers build is \(row.oldest.major).\(row.oldest.minor) "
                + "(\(others.joined(separator: ", "))); install an older compiler (e.g. gcc-11) or give the job "
                + "a compilers: table"
        )
    }
}
