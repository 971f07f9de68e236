import ArgumentParser
import Foundation
import Lab

struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Engine decision time: CPU ms per nextAction and per record, kept vs recounted drift classes.",
        discussion: """
            Build with `swift build -c release --product culprit` for meaningful figures. For each \
            size and shape, bisects one synthetic history (p = 0.3, q = 0.02) for at most --steps \
            records, twice on the same runs: with the change commits' classes kept between records \
            (the engine) and recounted from every ancestor set at each step (the engine before \
            they were kept, O(n²) per record). Prints CPU ms per call of each side by side and \
            checks that both took the same decisions.
            """
    )

    @Option(help: ArgumentHelp("Range sizes, comma-separated.", valueName: "n,..."))
    var commits = "600,10000,40000"

    @Option(help: ArgumentHelp("Shapes, comma-separated: linear, merges.", valueName: "shape,..."))
    var shapes = "linear,merges"

    @Option(help: ArgumentHelp("Most records per bisection.", valueName: "n"))
    var steps = 12

    @Option(help: ArgumentHelp("Seed of the histories and runs.", valueName: "n"))
    var seed: UInt64 = 1

    @Flag(help: "Skip the recounting side (slow on large ranges).")
    var noRecount = false

    func run() async throws {
        let sizes = try commits.split(separator: ",").map { text -> Int in
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), (2...40_000).contains(n) else {
                throw ValidationError("--commits: '\(text)' is not a size between 2 and 40000")
            }
            return n
        }
        let kinds = try shapes.split(separator: ",").map { text -> SyntheticHistory.Shape in
            guard let s = SyntheticHistory.Shape(rawValue: String(text)) else {
                throw ValidationError("--shapes: '\(text)' is not linear or merges")
            }
            return s
        }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1") }
        print("shape    commits  records  ms/nextAction kept | recounted   ms/record kept | recounted   same decisions")
        for shape in kinds {
            for n in sizes {
                let history = EngineBenchmark.history(commits: n, shape: shape, seed: seed)
                let kept = EngineBenchmark.run(history, steps: steps, recount: false, seed: seed)
                let recounted = noRecount ? nil : EngineBenchmark.run(history, steps: steps, recount: true, seed: seed)
                func cell(_ f: EngineBenchmark.Figures?, _ value: (EngineBenchmark.Figures) -> Double) -> String {
                    f.map { String(format: "%9.2f", value($0)) } ?? "        -"
                }
                let same = recounted.map { $0.decisions == kept.decisions ? "yes" : "NO" } ?? "-"
                print(
                    shape.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                        + String(format: " %7d  %7d  ", n, kept.records)
                        + cell(kept, \.millisecondsPerAction) + " | " + cell(recounted, \.millisecondsPerAction)
                        + "   " + cell(kept, \.millisecondsPerRecord) + " | " + cell(recounted, \.millisecondsPerRecord)
                        + "   " + same)
                if let r = recounted, r.decisions != kept.decisions {
                    print("  kept:      " + kept.decisions.joined(separator: ", "))
                    print("  recounted: " + r.decisions.joined(separator: ", "))
                }
            }
        }
    }
}
