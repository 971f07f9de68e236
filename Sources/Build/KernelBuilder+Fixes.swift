import Foundation

extension KernelBuilder {
    /// The built-in fixes (unless turned off) and the job's.
    func fixSet() throws -> BuildFixSet { try BuildFixSet.load(for: settings) }

    /// The lines the build log and the bisection log show for a revision: its compiler and why,
    /// the fixes applied, the options turned off, and fixes that could not be used.
    static func buildNotes(compiler: String, why: String, fixes: BuildFixSet.Applied) -> [String] {
        var notes = ["compiler \(compiler) (\(why))"]
        notes.append(
            fixes.applied.isEmpty ? "build fixes: none" : "build fixes applied: " + fixes.applied.joined(separator: ", "))
        if !fixes.configOff.isEmpty { notes.append("config turned off: " + fixes.configOff.joined(separator: ", ")) }
        return notes + fixes.notes
    }

    /// `.config` text with each option in `options` set to `# CONFIG_X is not set`.
    static func turningOff(_ options: [String], in text: String) -> String {
        let off = Set(options)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let name = line.hasPrefix("# ") ? line.dropFirst(2).split(separator: " ").first.map(String.init)
                : line.split(separator: "=").first.map(String.init)
            return name.map(off.contains) == true ? "# \(name!) is not set" : String(line)
        }
        let present = Set(lines.compactMap { $0.hasPrefix("# CONFIG_") ? $0.dropFirst(2).split(separator: " ").first.map(String.init) : nil })
        if lines.last == "" { lines.removeLast() }
        for option in options where !present.contains(option) { lines.append("# \(option) is not set") }
        return lines.joined(separator: "\n") + "\n"
    }
}
