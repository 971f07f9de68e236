/// The last KVM probe and how long its answer holds.
///
/// A long-running process (a worker) must not stay on TCG forever because one probe failed
/// (a busy host, a module loaded later): a TCG answer is re-probed after ``tcgLifetime``, a KVM
/// answer after ``kvmLifetime``.
public struct AcceleratorProbe: Sendable, Hashable {
    /// How long a probe that chose TCG holds.
    public static let tcgLifetime: Duration = .seconds(600)
    /// How long a probe that chose KVM holds.
    public static let kvmLifetime: Duration = .seconds(3600)

    private var answer: QemuSettings.Accelerator?
    private var probedAt: ContinuousClock.Instant?

    public init() {}

    /// The accelerator the last probe chose, or nil when there is none or it has expired.
    public func accelerator(at now: ContinuousClock.Instant) -> QemuSettings.Accelerator? {
        guard let answer, let probedAt else { return nil }
        let lifetime = answer == .kvm ? Self.kvmLifetime : Self.tcgLifetime
        return now - probedAt < lifetime ? answer : nil
    }

    /// Records a probe's answer.
    public mutating func record(_ accelerator: QemuSettings.Accelerator, at now: ContinuousClock.Instant) {
        answer = accelerator
        probedAt = now
    }
}
