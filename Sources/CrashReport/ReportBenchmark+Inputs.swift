extension ReportBenchmark {
    /// The logs joined end to end, `times` times over (each log ends with a newline).
    public static func concatenated(_ logs: [[UInt8]], times: Int) -> [UInt8] {
        var one: [UInt8] = []
        for log in logs {
            one.append(contentsOf: log)
            if log.last != 10 { one.append(10) }
        }
        var all: [UInt8] = []
        all.reserveCapacity(one.count * times)
        for _ in 0..<max(1, times) { all.append(contentsOf: one) }
        return all
    }

    /// `size / every` blocks of `every` bytes of ordinary console chatter (caller ids on, the reporting task T5851
    /// printing a line now and then), each ending with `oops`.
    public static func quietLog(size: Int, every: Int, oops: [UInt8]) -> [UInt8] {
        var chunk: [UInt8] = []
        var t = 100.0
        for i in 0..<4000 {
            let context = i % 200 == 0 ? 5851 : 1000 + i % 97
            let stamp = "[\(String(Int(t)).leftPadded(5)).\(String(i * 37 % 1_000_000).leftPadded(6, "0"))]"
            chunk.append(contentsOf: Array("\(stamp)[ T\(context)] \(noise[i % noise.count])\n".utf8))
            t += 0.013
        }
        var log: [UInt8] = []
        log.reserveCapacity(size + every)
        var block = 0
        for _ in 0..<max(1, size / every) {
            while block + chunk.count + oops.count < every {
                log.append(contentsOf: chunk)
                block += chunk.count
            }
            let room = every - block - oops.count
            log.append(contentsOf: chunk.prefix(max(0, room)).dropLast(while: { $0 != 10 }))
            log.append(contentsOf: oops)
            if oops.last != 10 { log.append(10) }
            block = 0
        }
        return log
    }

    /// Parses `log` through `ReportStream` in 1 MB chunks; the largest window held, in bytes.
    public static func stream(name: String, log: [UInt8]) -> (figures: Figures, window: Int) {
        var stream = ReportStream()
        var reports = 0
        let start = now()
        var i = 0
        while i < log.count {
            let j = min(log.count, i + (1 << 20))
            reports += stream.feed(log[i..<j]).count
            i = j
        }
        reports += stream.finish().count
        let figures = Figures(
            name: name, bytes: log.count, seconds: now() - start, reports: reports, peakRSS: peakRSS())
        return (figures, stream.largestWindow)
    }

    static let noise = [
        "audit: type=1400 audit(1700000000.123:42): avc:  denied  { read } for  pid=91 comm=\"syslogd\"",
        "EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.",
        "IPv6: ADDRCONF(NETDEV_CHANGE): wlan1: link becomes ready",
        "netdevsim netdevsim0 netdevsim3 (unregistering): unset [1, 0] type 2 family 0 port 6081 - 0",
        "loop0: detected capacity change from 0 to 4096",
        "usb 1-1: new high-speed USB device number 2 using dummy_hcd",
        "kauditd_printk_skb: 12 callbacks suppressed",
        "Bluetooth: hci0: command 0x0409 tx timeout",
        "random: crng reseeded on system resumption",
        "INFO: lockdep is turned off.",
        "traps: syz-executor[3616] general protection fault ip:7feb96eb56a1 sp:20000fd0 error:0",
    ]

    /// A KASAN report with caller ids, used when the corpus is not at hand.
    public static let kasanReport = """
        [  900.000001][ T5851] ==================================================================
        [  900.000002][ T5851] BUG: KASAN: use-after-free in psock_map_pop+0x1f/0x80 net/core/sock_map.c:420
        [  900.000003][ T5851] Read of size 8 at addr ffff88801234abcd by task syz-executor.0/5851
        [  900.000004][ T5851] Call Trace:
        [  900.000005][ T5851]  dump_stack_lvl+0x1e3/0x2cb lib/dump_stack.c:106
        [  900.000006][ T5851]  kasan_report+0x136/0x160 mm/kasan/report.c:495
        [  900.000007][ T5851]  psock_map_pop+0x1f/0x80 net/core/sock_map.c:420
        [  900.000008][ T5851]  sock_map_unref+0x2e/0x90 net/core/sock_map.c:180
        [  900.000009][ T5851] ==================================================================

        """
}

extension Collection where Element == UInt8 {
    /// The collection without its trailing elements that satisfy `predicate`.
    fileprivate func dropLast(while predicate: (UInt8) -> Bool) -> SubSequence {
        var end = endIndex
        var i = startIndex
        var lastKeep = startIndex
        while i != end {
            let next = index(after: i)
            if !predicate(self[i]) { lastKeep = next }
            i = next
        }
        end = lastKeep
        return self[startIndex..<end]
    }
}
