import Foundation

/// How a worker runs: its identity, what it runs, where it keeps its mirrors and job directories.
public struct WorkerSettings: Sendable {
    /// Unique among the store's workers: `host-pid-random` by default.
    public var id: String
    public var host: String
    /// Backend kinds this worker runs (`command`, `kernel`).
    public var backends: [String]
    /// Jobs at the same time.
    public var slots: Int
    /// Mirrors (`DIR/mirrors`) and running jobs' directories (`DIR/jobs`).
    public var cacheDirectory: String
    /// How long a claim lasts without a heartbeat; the lease is renewed every third of it.
    public var lease: Duration
    /// Pause between claims when the queue is empty.
    public var pollInterval: Duration
    /// On a stop request, how long to wait for the build or run batch in progress to be recorded.
    public var stopTimeout: Duration

    public init(
        id: String? = nil, backends: [String] = ["command", "kernel"], slots: Int = 1, cacheDirectory: String,
        lease: Duration = .seconds(30), pollInterval: Duration = .seconds(1), stopTimeout: Duration = .seconds(600)
    ) {
        let host = ProcessInfo.processInfo.hostName
        self.host = host
        self.id =
            id ?? "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        self.backends = backends
        self.slots = slots
        self.cacheDirectory = cacheDirectory
        self.lease = lease
        self.pollInterval = pollInterval
        self.stopTimeout = stopTimeout
    }

    /// `$XDG_CACHE_HOME/culprit/worker`, or `~/.cache/culprit/worker`.
    public static var defaultCacheDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let cache = env["XDG_CACHE_HOME"], !cache.isEmpty { return cache + "/culprit/worker" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.cache/culprit/worker"
    }
}
