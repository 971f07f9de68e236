/// Text pools for the demo history: options, documentation paragraphs, test scenarios.
enum DemoText {
    struct Option: Sendable {
        var name: String
        var value: String
        var help: String
    }

    static let options: [Option] = [
        .init(name: "max-key-length", value: "250", help: "longest key accepted, in bytes"),
        .init(name: "max-value-length", value: "1048576", help: "largest value accepted, in bytes"),
        .init(name: "eviction-batch", value: "1", help: "entries evicted at once when the cache is full"),
        .init(name: "log-level", value: "warning", help: "least severe message written to the log"),
        .init(name: "log-file", value: "-", help: "where the log goes; - for standard error"),
        .init(name: "idle-timeout", value: "300", help: "seconds before an idle client is dropped"),
        .init(name: "stats-interval", value: "60", help: "seconds between statistics dumps in the log"),
        .init(name: "buckets-per-entry", value: "2", help: "hash buckets allocated per cache entry"),
        .init(name: "read-buffer", value: "4096", help: "bytes read from a client at once"),
        .init(name: "max-clients", value: "64", help: "clients served at the same time"),
        .init(name: "pidfile", value: "/run/kvcache.pid", help: "file the daemon writes its pid to"),
        .init(name: "socket-mode", value: "0660", help: "permissions of the unix socket"),
        .init(name: "tcp-nodelay", value: "yes", help: "disable Nagle's algorithm on client sockets"),
        .init(name: "keepalive", value: "60", help: "TCP keepalive interval in seconds; 0 disables"),
        .init(name: "default-ttl", value: "0", help: "seconds an entry lives without a TTL; 0 is forever"),
        .init(name: "ttl-check-interval", value: "100", help: "milliseconds between expiry sweeps"),
        .init(name: "snapshot-path", value: "kvcache.snap", help: "file the cache is saved to"),
        .init(name: "snapshot-interval", value: "900", help: "seconds between snapshots; 0 disables"),
        .init(name: "compress-values", value: "no", help: "compress values larger than a page"),
        .init(name: "slowlog-threshold", value: "10000", help: "microseconds above which a command is logged"),
        .init(name: "slowlog-max-len", value: "128", help: "entries kept in the slow log"),
        .init(name: "hz", value: "10", help: "background task frequency"),
        .init(name: "io-threads", value: "1", help: "threads reading and writing client sockets"),
        .init(name: "key-case", value: "sensitive", help: "whether keys are compared case-sensitively"),
        .init(name: "trim-whitespace", value: "yes", help: "strip trailing blanks from values"),
        .init(name: "banner", value: "yes", help: "print the version banner at start"),
        .init(name: "syslog", value: "no", help: "send the log to syslog as well"),
        .init(name: "syslog-ident", value: "kvcache", help: "syslog identity"),
        .init(name: "max-memory", value: "0", help: "bytes the cache may use; 0 is no limit"),
        .init(name: "max-memory-policy", value: "allkeys-lru", help: "what to evict at the memory limit"),
        .init(name: "max-memory-samples", value: "5", help: "entries sampled per eviction decision"),
        .init(name: "reclaim-on-pressure", value: "yes", help: "give memory back when the host is short"),
        .init(name: "replica-of", value: "", help: "host:port of the primary to follow"),
        .init(name: "replica-timeout", value: "60", help: "seconds before a silent primary is dropped"),
        .init(name: "auth-token", value: "", help: "token clients must send first; empty disables"),
        .init(name: "latency-monitor", value: "0", help: "milliseconds above which latency is sampled"),
        .init(name: "client-output-limit", value: "0", help: "bytes queued per client before it is cut"),
        .init(name: "daemonize", value: "no", help: "detach from the terminal at start"),
        .init(name: "bind", value: "127.0.0.1", help: "address to listen on"),
        .init(name: "port", value: "7379", help: "TCP port to listen on; 0 disables TCP"),
        .init(name: "unix-socket", value: "", help: "path of a unix socket to listen on"),
        .init(name: "databases", value: "1", help: "number of separate key spaces"),
        .init(name: "lazy-free", value: "no", help: "free large values in the background"),
        .init(name: "watchdog-period", value: "0", help: "milliseconds before a stuck loop is reported"),
        .init(name: "dump-on-crash", value: "no", help: "write the cache to disk when crashing"),
    ]

    struct Paragraph: Sendable {
        var file: String
        var subject: String
        var text: String
    }

    static let paragraphs: [Paragraph] = [
        .init(
            file: "Documentation/design.md", subject: "describe the hash table",
            text: """
                ## Hash table

                Entries live in a chained hash table keyed by FNV-1a. The table is sized once, at two \
                buckets per entry of capacity, so lookups stay short without ever rehashing.
                """),
        .init(
            file: "Documentation/design.md", subject: "explain the LRU list",
            text: """
                ## Eviction

                Every entry is also on a doubly linked list, most recently used first. A lookup moves \
                the entry to the front; when the cache is full, the entry at the back goes.
                """),
        .init(
            file: "Documentation/protocol.md", subject: "document SET and GET",
            text: """
                ## SET and GET

                `SET key value` stores a value (the rest of the line, spaces included) and answers `OK`. \
                `GET key` answers the value, or `(nil)` when the key is not cached.
                """),
        .init(
            file: "Documentation/protocol.md", subject: "document DEL",
            text: """
                ## DEL

                `DEL key` removes a key and answers `OK`, or `(nil)` when there was nothing to remove.
                """),
        .init(
            file: "README.md", subject: "explain how to build",
            text: """
                ## Building

                `make` builds `kvcache` with AddressSanitizer enabled; `make check` runs the cases in \
                `tests/cases`. Any C11 compiler works; set `SANITIZE=` to build without sanitizers.
                """),
        .init(
            file: "Documentation/operations.md", subject: "add an operations guide",
            text: """
                # Running kvcache

                kvcache reads commands on standard input, one per line, and answers on standard output. \
                Run it under a supervisor that restarts it; the cache is not persistent.
                """),
        .init(
            file: "Documentation/operations.md", subject: "describe memory use",
            text: """
                ## Memory

                Each entry costs its key and value plus about 56 bytes of bookkeeping. Size the \
                capacity so that the largest expected working set fits with room to spare.
                """),
        .init(
            file: "Documentation/design.md", subject: "describe statistics",
            text: """
                ## Statistics

                The cache counts gets, hits, misses, sets and evictions. `STATS` prints them; the \
                counters never reset while the process runs.
                """),
        .init(
            file: "Documentation/protocol.md", subject: "describe error replies",
            text: """
                ## Errors

                A line that is not a command gets `ERR unknown command 'X'`. Errors never close the \
                session; clients should read exactly one reply line per request.
                """),
        .init(
            file: "README.md", subject: "add a usage example",
            text: """
                ## Example

                    $ printf 'SET greeting hello\\nGET greeting\\n' | ./kvcache
                    OK
                    hello
                """),
        .init(
            file: "Documentation/design.md", subject: "explain why values are strings",
            text: """
                ## Values

                Values are NUL-terminated strings. Binary values are out of scope: clients that need \
                them encode them (base64 is the usual choice).
                """),
        .init(
            file: "Documentation/operations.md", subject: "describe memory pressure handling",
            text: """
                ## Memory pressure

                When the host reports memory pressure, kvcache drops every cached entry at once. \
                Clients see misses until the cache warms up again; nothing is lost but time.
                """),
        .init(
            file: "Documentation/contributing.md", subject: "add contribution guidelines",
            text: """
                # Contributing

                Send patches to the mailing list with `git send-email`, one logical change per patch, \
                each with a `Signed-off-by:` line. Run `make check` first.
                """),
        .init(
            file: "Documentation/contributing.md", subject: "describe the coding style",
            text: """
                ## Coding style

                Tabs for indentation, 100 columns at most, braces on the same line except for \
                functions. Keep functions short enough to read without scrolling.
                """),
        .init(
            file: "Documentation/contributing.md", subject: "explain subject prefixes",
            text: """
                ## Subject lines

                Prefix the subject with the area the patch touches, as `git log --oneline` shows: \
                `cache:`, `proto:`, `stats:`, `options:`, `tests:`, `Documentation:`.
                """),
        .init(
            file: "Documentation/design.md", subject: "note the threading model",
            text: """
                ## Threads

                kvcache is single-threaded. Nothing in the cache is locked; an embedding program that \
                shares a cache between threads must serialise the calls itself.
                """),
        .init(
            file: "Documentation/operations.md", subject: "explain the log",
            text: """
                ## Logging

                Diagnostics go to standard error, one line each, prefixed with the severity. Nothing \
                is logged for a successful command.
                """),
        .init(
            file: "Documentation/protocol.md", subject: "describe QUIT",
            text: """
                ## QUIT

                `QUIT` ends the session after flushing pending replies. End of input does the same.
                """),
        .init(
            file: "Documentation/design.md", subject: "explain capacity",
            text: """
                ## Capacity

                Capacity counts entries, not bytes. A full cache evicts its least recently used entry \
                before inserting a new one, so a `SET` never fails for lack of room.
                """),
        .init(
            file: "README.md", subject: "list the documentation",
            text: """
                ## Documentation

                See `Documentation/` for the protocol, the options, the design notes and the \
                operations guide, and `MAINTAINERS` for who looks after what.
                """),
        .init(
            file: "Documentation/operations.md", subject: "describe upgrades",
            text: """
                ## Upgrading

                Stop the old process and start the new one; there is no on-disk state to migrate. \
                Expect a burst of misses while the new cache warms up.
                """),
        .init(
            file: "Documentation/testing.md", subject: "describe the test cases",
            text: """
                # Tests

                Each file in `tests/cases` is a session fed to `kvcache` on standard input. \
                `tests/run.sh` runs them all under AddressSanitizer and fails on the first error.
                """),
        .init(
            file: "Documentation/testing.md", subject: "explain sanitizer builds",
            text: """
                ## Sanitizers

                The default build uses AddressSanitizer. A report from it is always a bug, even when \
                the case's output looks right: please send the report with the patch that fixes it.
                """),
        .init(
            file: "Documentation/design.md", subject: "explain why GET copies",
            text: """
                ## Reading values

                A value handed to the protocol layer must stay valid while it is written out, even if \
                the cache drops the entry meanwhile (for example to give memory back).
                """),
    ]

    static let words = [
        "user", "session", "token", "alpha", "beta", "gamma", "cart", "order", "profile", "avatar",
        "page", "feed", "queue", "lock", "config", "route", "metric", "counter", "draft", "invoice",
    ]

    static let scenarios = [
        ("set-get", "store a key and read it back"),
        ("overwrite", "overwrite a key twice"),
        ("delete-missing", "delete a key that is not there"),
        ("evict-lru", "fill the cache past its capacity"),
        ("stats-after-miss", "check the counters after a miss"),
        ("spaces-in-value", "keep spaces inside values"),
        ("many-keys", "store many distinct keys"),
        ("unknown-command", "send an unknown command"),
        ("quit-early", "stop at QUIT"),
        ("empty-lines", "ignore empty lines"),
    ]
}
