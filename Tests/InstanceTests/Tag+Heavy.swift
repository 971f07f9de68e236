import Testing

extension Tag {
    /// Tests that build kernels, boot QEMU or run whole demo bisections (minutes each);
    /// `scripts/test --fast` leaves them out.
    @Tag static var heavy: Self
}
