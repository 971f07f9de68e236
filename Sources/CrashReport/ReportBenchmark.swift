#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Throughput and memory figures for the parser (used by `culprit bench report`).
public enum ReportBenchmark {
    /// One measurement.
    public struct Figures: Sendable {
        public var name: String
        public var bytes: Int
        public var seconds: Double
        public var reports: Int
        /// Peak resident set size of the process after the run, in bytes.
        public var peakRSS: Int
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
    }

    /// Parses every log once per round until at least `minimumSeconds` passed.
    public static func run(name: String, logs: [[UInt8]], minimumSeconds: Double = 1) -> Figures {
        let parser = ReportParser()
        var bytes = 0
        var reports = 0
        let start = now()
        repeat {
            for log in logs {
                reports += parser.parse(log).count
                bytes += log.count
            }
        } while now() - start < minimumSeconds
        return Figures(name: name, bytes: bytes, seconds: now() - start, reports: reports, peakRSS: peakRSS())
    }

    /// A console log of about `size` bytes: ordinary kernel and fuzzer chatter (some of it with
    /// words like WARNING/INFO that are not crashes) with three crash reports inside.
    public static func syntheticLog(size: Int) -> [UInt8] {
        var chunk: [UInt8] = []
        let noise = [
            "audit: type=1400 audit(1700000000.123:42): avc:  denied  { read } for  pid=91 comm=\"syslogd\"",
            "EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.",
            "IPv6: ADDRCONF(NETDEV_CHANGE): wlan1: link becomes ready",
            "INFO: lockdep is turned off.",
            "WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
            "netdevsim netdevsim0 netdevsim3 (unregistering): unset [1, 0] type 2 family 0 port 6081 - 0",
            "loop0: detected capacity change from 0 to 4096",
            "usb 1-1: new high-speed USB device number 2 using dummy_hcd",
            "traps: syz-executor[3616] general protection fault ip:7feb96eb56a1 sp:20000fd0 error:0",
            "kauditd_printk_skb: 12 callbacks suppressed",
            "Bluetooth: hci0: command 0x0409 tx timeout",
            "random: crng reseeded on system resumption",
        ]
        var t = 100.0
        for i in 0..<2000 {
            // Lines that hold a report keyword without being a report are kept rare, as in real logs.
            let benign = i % 50 == 0
            let line = benign ? noise[[3, 4, 8][(i / 50) % 3]] : noise[[0, 1, 2, 5, 6, 7, 9, 10, 11][i % 9]]
            let stamp =
                "[\(String(Int(t)).leftPadded(5)).\(String(i * 37 % 1_000_000).leftPadded(6, "0"))][ T\(1000 + i % 97)] "
            chunk.append(contentsOf: Array((stamp + line + "\n").utf8))
            t += 0.013
        }
        let report = Array(
            """
            [  900.000001][ T1234] ==================================================================
            [  900.000002][ T1234] BUG: KASAN: use-after-free in psock_map_pop+0x1f/0x80 net/core/sock_map.c:420
            [  900.000003][ T1234] Read of size 8 at addr ffff88801234abcd by task syz-executor.0/1234
            [  900.000004][ T1234] Call Trace:
            [  900.000005][ T1234]  dump_stack_lvl+0x1e3/0x2cb lib/dump_stack.c:106
            [  900.000006][ T1234]  kasan_report+0x136/0x160 mm/kasan/report.c:495
            [  900.000007][ T1234]  psock_map_pop+0x1f/0x80 net/core/sock_map.c:420
            [  900.000008][ T1234]  sock_map_unref+0x2e/0x90 net/core/sock_map.c:180
            [  900.000009][ T1234] ==================================================================

            """.utf8)
        var log: [UInt8] = []
        log.reserveCapacity(size + chunk.count + 3 * report.count)
        let marks = [size / 4, size / 2, size - size / 100]
        var next = 0
        while log.count < size {
            if next < marks.count && log.count >= marks[next] {
                log.append(contentsOf: report)
                next += 1
            }
            log.append(contentsOf: chunk)
        }
        return log
    }

    /// CPU time of the calling thread: the parser runs on one core, and other processes on a
    /// shared machine must not count against it.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Peak resident set size of this process in bytes.
    public static func peakRSS() -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
            return Int(usage.ru_maxrss) * 1024
        #else
            return Int(usage.ru_maxrss)
        #endif
    }
}

extension String {
    func leftPadded(_ width: Int, _ pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
