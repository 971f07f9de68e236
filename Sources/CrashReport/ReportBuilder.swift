/// Assembles a `Report` from a cut-out region: title, damage checks, frames, type, guilty file.
enum ReportBuilder {
    static let maxTitleBytes = 256

    static func build(region: ReportRegion, header: OopsHeader) -> Report {
        let titleLines = region.lines[0..<max(1, min(region.titleLineCount, region.lines.count))]
        var description = TitleRules.describe(TitleContext(lines: titleLines, header: header))
        // A title is one line: a header glued to megabytes of garbage is cut to a readable length.
        if description.title.utf8.count > maxTitleBytes {
            description.title = String(decoding: description.title.utf8.prefix(maxTitleBytes), as: UTF8.self)
        }
        description.title = TitleNormalizer.normalize(description.title)
        if description.title.utf8.count > maxTitleBytes {
            description.title = String(decoding: description.title.utf8.prefix(maxTitleBytes), as: UTF8.self)
        }
        var reason = description.corrupted
        if reason == nil { reason = Damage.check(description, lines: titleLines) }
        if reason == nil && region.interrupted {
            reason = "another report of the same task began before this one ended"
        }
        var textLines = region.prefix
        textLines.append(contentsOf: region.lines.prefix(max(1, region.extentLineCount)))
        let frames = region.lines.prefix(400).compactMap { FrameLine.frame($0) }
        return Report(
            title: description.title,
            type: CrashType.of(title: description.title),
            corrupted: reason != nil,
            corruptedReason: reason,
            suppressed: false,
            panicked: false,
            text: joinedLines(textLines),
            startOffset: region.start,
            endOffset: region.end,
            frames: frames,
            guiltyFile: GuiltyFile.guilty(title: description.title, lines: region.lines, trailing: region.trailing))
    }

    /// The lines, each followed by a newline, built in one buffer of the final size (`"\n"` for
    /// none, as `joined(separator:) + "\n"` gave).
    static func joinedLines(_ lines: [String]) -> String {
        guard !lines.isEmpty else { return "\n" }
        var text = ""
        text.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            text += line
            text += "\n"
        }
        return text
    }
}
