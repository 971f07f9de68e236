import Foundation

/// The posterior over a job's tests as an inline SVG drawn on the server side: the best
/// candidate's probability (line, left axis 0–100%) and the candidates left (bars, scaled to the
/// largest count), one step per `Bisecting:` line of the log.
public struct PosteriorChart: Sendable {
    public struct Point: Sendable, Hashable {
        public var best: Double
        public var candidates: Int

        public init(best: Double, candidates: Int) {
            self.best = best
            self.candidates = candidates
        }

        /// Reads `Bisecting: N candidates left, best H at P%` (the default strategy's line).
        public init?(bisectingLine line: String) {
            guard line.hasPrefix("Bisecting: "), let at = line.range(of: " at "), let pct = line.range(of: "%", range: at.upperBound..<line.endIndex)
            else { return nil }
            let words = line.dropFirst("Bisecting: ".count).split(separator: " ")
            guard let n = words.first.flatMap({ Int($0) }), let p = Double(line[at.upperBound..<pct.lowerBound])
            else { return nil }
            self.init(best: p / 100, candidates: n)
        }
    }

    public var points: [Point]

    public init(points: [Point]) { self.points = points }

    /// The SVG element (empty when there is nothing to draw).
    public func svg(width: Int = 720, height: Int = 220) -> String {
        guard !points.isEmpty else { return "" }
        let left = 44.0
        let right = 12.0
        let top = 12.0
        let bottom = 28.0
        let w = Double(width) - left - right
        let h = Double(height) - top - bottom
        let step = w / Double(max(points.count, 1))
        let most = Double(points.map(\.candidates).max() ?? 1)
        var out = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" "#
        out += #"aria-label="best candidate probability and candidates left per test" "#
        out += "viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        for pct in [0, 50, 100] {
            let y = top + h * (1 - Double(pct) / 100)
            out += "<line x1=\"\(left)\" y1=\"\(f(y))\" x2=\"\(f(left + w))\" y2=\"\(f(y))\" class=\"grid\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(pct)%</text>"
        }
        for (i, p) in points.enumerated() {
            let bh = h * Double(p.candidates) / max(most, 1)
            out += "<rect class=\"left\" x=\"\(f(left + Double(i) * step + step * 0.2))\" y=\"\(f(top + h - bh))\" "
            out += "width=\"\(f(step * 0.6))\" height=\"\(f(bh))\"><title>\(p.candidates) candidates left</title></rect>"
        }
        let line = points.enumerated().map { i, p in
            "\(f(left + (Double(i) + 0.5) * step)),\(f(top + h * (1 - p.best)))"
        }.joined(separator: " ")
        out += "<polyline class=\"best\" points=\"\(line)\"/>"
        for (i, p) in points.enumerated() {
            out += "<circle class=\"best\" cx=\"\(f(left + (Double(i) + 0.5) * step))\" cy=\"\(f(top + h * (1 - p.best)))\" r=\"3\">"
            out += "<title>test \(i + 1): best \(String(format: "%.1f", 100 * p.best))%</title></circle>"
        }
        out += "<text x=\"\(f(left + w / 2))\" y=\"\(height - 6)\" text-anchor=\"middle\">tests (\(points.count))</text>"
        return out + "</svg>"
    }

    private func f(_ x: Double) -> String { String(format: "%.1f", x) }
}
