/// Titles for the remaining kernel families (faults and traps, arm oopses, reboots, syzkaller
/// executor failures, Rust-in-kernel panics) and for user-space crashes.
enum OtherTitles {
    static func describe(_ c: TitleContext) -> Description {
        let t = c.tail
        switch c.header.family {
        case .gpf:
            return c.titled("general protection fault in ", .ipThenTrace)
        case .stackSegment:
            return c.titled("stack segment fault in ", .ipThenTrace)
        case .doubleFault:
            return c.titled("PANIC: double fault in ", .ipOnly)
        case .divideError:
            return c.titled("divide error in ", .ipThenTrace)
        case .invalidOpcode:
            return c.titled("invalid opcode in ", .ipThenTrace)
        case .int3:
            return c.titled("int3 in ", .ipThenTrace)
        case .stackOverflow:
            return c.titled("kernel stack overflow in ", .ipThenTrace)
        case .kernelBug:
            if t.hasPrefix("kernel BUG at mm/usercopy.c") {
                return c.titled("BUG: bad usercopy in ", StackSpec.ipThenTrace.with(skip: ["usercopy", "__check"]))
            }
            if t.hasPrefix("kernel BUG at lib/list_debug.c") {
                return c.titled("BUG: corrupted list in ", .ipThenTrace)
            }
            return c.titled("kernel BUG in ", .ipThenTrace)
        case .kernelBugCapital:
            return Description(title: "kernel BUG " + t.dropFirst("Kernel BUG ".count), noStackTrace: true)
        case .slabBug:
            if t.contains("Object already free") { return Description(title: "BUG: Object already free") }
            return c.raw
        case .ubsan:
            let body = t.dropFirst("UBSAN: ".count)
            if body.hasPrefix("Undefined behaviour in") {
                return c.titled(
                    "UBSAN: undefined-behaviour in ", StackSpec.callTrace.with(skip: ["ubsan", "overflow"]))
            }
            let kind = body.prefix(while: { $0.isASCIILetter || $0 == "-" })
            return c.titled("UBSAN: \(kind) in ", StackSpec.callTrace.with(skip: ["ubsan", "overflow"]))
        case .reboot:
            return Description(title: Report.unexpectedRebootTitle, noStackTrace: true)
        case .netdevice:
            return Description(title: "unregister_netdevice: waiting for DEV to become free", noStackTrace: true)
        case .trusty:
            if t.contains("ASSERT FAILED") {
                if let r = t.find("ASSERT FAILED at ("), let close = t[r.upperBound...].find("): ") {
                    return Description(title: "trusty: ASSERT FAILED: " + t[close.upperBound...], noStackTrace: true)
                }
                return Description(title: "trusty: ASSERT FAILED:", corrupted: "assertion text missing")
            }
            if let r = t.find("): ") {
                return Description(title: "trusty: panic: " + t[r.upperBound...], noStackTrace: true)
            }
            return c.raw
        case .armPagingRequest:
            let spec = armSpec
            if t.contains("NULL pointer dereference") {
                return c.titled("BUG: unable to handle kernel NULL pointer dereference in ", spec)
            }
            if t.contains("paging request") {
                return c.titled("BUG: unable to handle kernel paging request in ", spec)
            }
            // arm64: "Unable to handle kernel access to user memory outside uaccess routines at ...".
            if t.contains("access to user memory") {
                return c.titled("BUG: unable to handle kernel access to user memory in ", spec)
            }
            // Other arm64 fault kinds ("execute from non-executable memory", "read from unreadable
            // memory", "write to read-only memory") name their kind after the marker.
            if let r = t.find("Unable to handle kernel "), let at = t[r.upperBound...].find(" at virtual address") {
                let kind = t[r.upperBound..<at.lowerBound]
                if !kind.isEmpty && kind.count < 80 {
                    return c.titled("BUG: unable to handle kernel \(kind) in ", spec)
                }
            }
            return c.raw
        case .unhandledFault:
            return c.titled("Unhandled fault in ", armSpec)
        case .alignmentTrap:
            return c.titled("Alignment trap in ", armSpec)
        case .internalError:
            return c.titled("Internal error in ", armSpec)
        case .syzFail, .syzFatal:
            return Description(title: t, noStackTrace: true)
        case .rustKernelPanic:
            return rustKernel(c)
        case .vfsBusyInodes:
            return Description(title: "VFS: Busy inodes after unmount (use-after-free)", noStackTrace: true)
        case .vfsFileCount:
            return Description(title: "VFS: Close: file count is zero (use-after-free)", noStackTrace: true)
        case .goPanic, .goFatal, .userSanitizer, .rustPanic:
            return UserSpaceTitles.describe(c)
        default:
            return c.raw
        }
    }

    static let armSpec = StackSpec(
        steps: [.ip, .linkRegister, .trace],
        fallback: [.line("Call Trace:", functionAfter: false), .trace])

    /// `rust_kernel: panicked at file.rs:L:C:` followed by the message, e.g. `attempt to add with overflow`.
    private static func rustKernel(_ c: TitleContext) -> Description {
        var message: String?
        for line in c.lines.dropFirst().prefix(4) {
            let m = line.trimmingCharacters(in: " \t")
            if !m.isEmpty {
                message = m
                break
            }
        }
        let (name, problem) = c.frame(
            StackSpec(
                steps: [.line("Call Trace:", functionAfter: false), .trace],
                skip: ["panic", "core::", "rust_begin_unwind", "rust_helper", "overflow"]))
        return Description(title: "\(message ?? "rust_kernel panicked") in \(name)", corrupted: problem)
    }
}
