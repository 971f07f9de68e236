import Foundation

/// What a crash report shows beyond its title, reduced to what says whether two titles are one
/// bug: the crash kind (`KASAN: use-after-free Read`), the stack's functions and the guilty file.
/// The engine uses it for the prior probability that another title is the bug under another name
/// (a renamed or inlined function); the runs then decide.
public struct CrashSketch: Sendable, Hashable, Codable {
    /// The crash kind: the title without its `in FUNCTION` part.
    public var kind: String
    /// Functions of the report's stack, most relevant first.
    public var frames: [String]
    /// The file most likely to blame, when known.
    public var file: String?

    public init(kind: String, frames: [String], file: String? = nil) {
        self.kind = kind
        self.frames = frames
        self.file = file
    }

    /// The sketch a title alone gives: `KIND in FUNCTION` -> kind and one frame.
    public init(title: String) {
        if let r = title.range(of: " in ", options: .backwards) {
            self.init(kind: String(title[..<r.lowerBound]), frames: [String(title[r.upperBound...])])
        } else {
            self.init(kind: title, frames: [])
        }
    }

    /// The prior when a report shares nothing with the bug's (no crash kind, frame or file): such a
    /// title is taken as another bug outright, not weighed as the bug under another name (a rename
    /// keeps the crash kind; a second bug that crashes often on a stretch would otherwise pass
    /// for the bug renamed).
    public static let nothingShared = 0.03

    /// Prior probability that a crash sketched `other` is the same bug as one sketched `known`.
    /// Shared frames or the same guilty file make it likely; the same crash kind alone, possible;
    /// nothing shared, unlikely (but never excluded: the runs decide).
    public static func sameBugPrior(_ other: CrashSketch, _ known: [CrashSketch]) -> Double {
        var best = nothingShared
        for k in known {
            let shared = Set(other.frames).intersection(k.frames).count
            let sameFile = other.file != nil && other.file == k.file
            let sameKind = other.kind == k.kind
            var prior = nothingShared
            if shared >= 2 || (shared >= 1 && sameFile) {
                prior = sameKind ? 0.7 : 0.5
            } else if shared == 1 || sameFile {
                prior = sameKind ? 0.5 : 0.3
            } else if sameKind {
                prior = 0.15
            }
            best = max(best, prior)
        }
        return best
    }
}
