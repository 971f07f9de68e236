import Foundation
import Model

/// The posterior after each test as an inline SVG line chart, drawn before the page is sent: the
/// best candidate's probability (0–100 %, left axis) and the candidates left (right axis), one
/// point per step. The one chart of both job pages (self-contained and dashboard).
public struct PosteriorChart: Sendable, Hashable {
    /// One step: after a test.
    public struct Point: Sendable, Hashable {
        public var best: Double
        public var candidates: Int

        public init(best: Double, candidates: Int) {
            self.best = best
            self.candidates = candidates
        }

        /// A step of the bisection (nil for the phases before it: confirming, releases).
        public init?(progress p: BisectionProgress) {
            guard p.phase == .bisecting || p.phase == .checking else { return nil }
            self.init(best: p.bestProbability, candidates: p.candidatesLeft)
        }

        /// Reads the log's `Bisecting: N candidates left, best H at P%` line (the default
        /// strategy's), for jobs whose progress events were not kept.
        public init?(bisectingLine line: String) {
            guard line.hasPrefix("Bisecting: "), let at = line.range(of: " at "),
                let pct = line.range(of: "%", range: at.upperBound..<line.endIndex),
                let n = line.dropFirst("Bisecting: ".count).split(separator: " ").first.flatMap({ Int($0) }),
                let p = Double(line[at.upperBound..<pct.lowerBound])
            else { return nil }
            self.init(best: p / 100, candidates: n)
        }
    }

    public var points: [Point]
    public var width = 640.0
    public var height = 220.0

    public init(points: [Point]) {
        self.points = points
    }

    /// The chart as an `<svg>` element (empty plot with a note when there are no points yet).
    public var svg: String {
        let left = 44.0, right = 56.0, top = 14.0, bottom = 30.0
        let w = width - left - right, h = height - top - bottom
        let maxCandidates = max(1, points.map(\.candidates).max() ?? 1)
        let n = max(1, points.count - 1)
        func x(_ i: Int) -> Double { left + w * Double(i) / Double(n) }
        func yP(_ p: Double) -> Double { top + h * (1 - min(1, max(0, p))) }
        func yC(_ c: Int) -> Double { top + h * (1 - Double(c) / Double(maxCandidates)) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var s =
            #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="posterior-chart" viewBox="0 0 \#(f(width)) \#(f(height))" role="img" aria-label="posterior after each test">"#
        s += #"<rect x="\#(f(left))" y="\#(f(top))" width="\#(f(w))" height="\#(f(h))" class="plot"/>"#
        for p in [0.0, 0.5, 1.0] {
            s += #"<line x1="\#(f(left))" x2="\#(f(left + w))" y1="\#(f(yP(p)))" y2="\#(f(yP(p)))" class="grid"/>"#
            s += #"<text x="\#(f(left - 6))" y="\#(f(yP(p) + 4))" class="axis p" text-anchor="end">\#(Int(p * 100))%</text>"#
        }
        for c in Set([0, maxCandidates / 2, maxCandidates]).sorted() {
            s += #"<text x="\#(f(left + w + 6))" y="\#(f(yC(c) + 4))" class="axis c">\#(c)</text>"#
        }
        s += #"<text x="\#(f(left + w / 2))" y="\#(f(height - 6))" class="axis" text-anchor="middle">tests</text>"#
        if points.isEmpty {
            s += #"<text x="\#(f(left + w / 2))" y="\#(f(top + h / 2))" class="empty" text-anchor="middle">no test yet</text>"#
        } else {
            let best = points.enumerated().map { "\(f(x($0.offset))),\(f(yP($0.element.best)))" }.joined(separator: " ")
            let left = points.enumerated().map { "\(f(x($0.offset))),\(f(yC($0.element.candidates)))" }.joined(separator: " ")
            s += #"<polyline points="\#(left)" class="candidates"/>"#
            s += #"<polyline points="\#(best)" class="best"/>"#
            if let last = points.last {
                s += #"<circle cx="\#(f(x(points.count - 1)))" cy="\#(f(yP(last.best)))" r="3" class="best"/>"#
            }
        }
        s += #"<text x="\#(f(left + 4))" y="\#(f(top + 12))" class="legend best">best candidate</text>"#
        s += #"<text x="\#(f(left + w - 4))" y="\#(f(top + 12))" class="legend candidates" text-anchor="end">candidates left</text>"#
        return s + "</svg>"
    }
}
