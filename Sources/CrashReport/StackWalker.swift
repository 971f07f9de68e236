/// Follows a `StackSpec` through report lines and picks the frame that names the crash.
struct StackWalker: Sendable {
    let lines: ArraySlice<String>
    let spec: StackSpec
    private let specSkip: PatternSet

    init(lines: ArraySlice<String>, spec: StackSpec) {
        self.lines = lines
        self.spec = spec
        specSkip = PatternSet(spec.skip)
    }

    /// The chosen function, or the reason none could be chosen.
    func frame() -> (function: String?, problem: String?) {
        var frames = walk(spec.steps)
        if frames.isEmpty, let fallback = spec.fallback {
            frames = walk(fallback)
        }
        guard !frames.isEmpty else { return (nil, "extracted no stack frames") }
        switch spec.choice {
        case .first: return (frames[0], nil)
        case .stall: return StackChoice.stall(frames)
        case .hung: return StackChoice.hung(frames)
        }
    }

    private func isSkipped(_ name: String) -> Bool {
        GenericFrames.isGeneric(name) || specSkip.matches(name)
    }

    private func walk(_ steps: [StackSpec.Step]) -> [String] {
        var frames: [String] = []
        // The plain choice needs only the first frame that survives the skip lists.
        let enough = spec.choice == .first ? 1 : Int.max
        // A stall is named by the frame above its first entry point: the frames below it are not read.
        var complete = false
        var i = lines.startIndex
        var stepIndex = 0
        func add(_ mangled: String?, _ line: String) {
            guard let mangled else { return }
            // A symbolized frame from a plumbing file never names the crash.
            if let file = PlumbingFiles.file(ofFrame: line) {
                if PlumbingFiles.isPlumbing(file) { return }
                if spec.skipFiles.contains(where: { PlumbingFiles.path(file).hasPrefix($0) }) { return }
            }
            let name = mangled.hasPrefix("_R") || mangled.hasPrefix("_Z") ? SymbolDemangler.demangle(mangled) : mangled
            if !isSkipped(name) {
                frames.append(name)
                if spec.choice == .stall && StackChoice.isAnchor(name) { complete = true }
            }
        }
        steps: while stepIndex < steps.count {
            let step = steps[stepIndex]
            if step == .trace {
                while i < lines.endIndex && frames.count < enough && !complete {
                    let line = lines[i]
                    i += 1
                    if GenericFrames.isFaultInjection(line) { break steps }
                    if GenericFrames.startsStack(line) {
                        stepIndex += 1
                        continue steps
                    }
                    if stepIndex + 1 < steps.count, let hit = match(steps[stepIndex + 1], line) {
                        add(hit, line)
                        stepIndex += 2
                        continue steps
                    }
                    add(FrameLine.function(line: line), line)
                }
                break steps
            } else {
                if frames.count >= enough || complete { break steps }
                while i < lines.endIndex {
                    let line = lines[i]
                    i += 1
                    if GenericFrames.isFaultInjection(line) { break steps }
                    if let hit = match(step, line) {
                        add(hit, line)
                        stepIndex += 1
                        continue steps
                    }
                }
                break steps
            }
        }
        return frames
    }

    /// Where a timer interrupt enters a stalled CPU's stack (x86, arm, arm64).
    private static let interruptEntries = [
        Needle("apic_timer_interrupt"), Needle("__irq_svc"), Needle("el1_irq"), Needle("el1h_64_irq"),
        Needle("el1_interrupt"),
    ]

    /// `nil` when the line does not match the step; `.some(nil)` when it matches without a frame.
    private func match(_ step: StackSpec.Step, _ line: String) -> String?? {
        switch step {
        case .ip:
            return FrameLine.ipFunction(line)
        case .ipOrInterrupt:
            if let r = line.find("--- interrupt: "), let at = line[r.upperBound...].find(" at ") {
                return .some(FrameLine.nameBeforeOffset(line[at.upperBound...]))
            }
            return FrameLine.ipFunction(line)
        case .line(let text, let functionAfter):
            var hit = line.find(text)
            if hit == nil && text == "Call Trace:" {
                // arm64 prints "Call trace:", arm "Backtrace:".
                hit = line.find("Call trace:") ?? (line.hasPrefix("Backtrace:") ? line.find("Backtrace:") : nil)
            }
            guard let r = hit else { return nil }
            if !functionAfter { return .some(nil) }
            return .some(FrameLine.nameBeforeOffset(line[r.upperBound...].drop(while: { $0 == " " })))
        case .lockSite:
            return TextScan.lockSite(line).map { .some($0) }
        case .linkRegister:
            for key in ["LR is at "] {
                guard let r = line.find(key) else { continue }
                var rest = line[r.upperBound...].drop(while: { $0 == " " })
                if let pc = FrameLine.dropPC(rest) { rest = pc.drop(while: { $0 == " " }) }
                return .some(FrameLine.nameBeforeOffset(rest))
            }
            return nil
        case .interrupt:
            return Self.interruptEntries.contains(where: { $0.occurs(in: line) }) ? .some(nil) : nil
        case .trace:
            return FrameLine.function(line: line).map { .some($0) }
        }
    }
}
