import Instance
import Testing

@Suite struct AcceleratorProbeTests {
    @Test func aFailedProbeIsRetriedLater() {
        var probe = AcceleratorProbe()
        let start = ContinuousClock.now
        #expect(probe.accelerator(at: start) == nil)
        probe.record(.tcg, at: start)
        #expect(probe.accelerator(at: start + .seconds(1)) == .tcg)
        #expect(probe.accelerator(at: start + AcceleratorProbe.tcgLifetime) == nil, "TCG is not kept forever")
        probe.record(.kvm, at: start)
        #expect(probe.accelerator(at: start + AcceleratorProbe.tcgLifetime) == .kvm)
        #expect(probe.accelerator(at: start + AcceleratorProbe.kvmLifetime) == nil)
    }
}
