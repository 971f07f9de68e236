/// Where `culprit serve` listens and what it runs besides the API.
public struct ServerSettings: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the chosen one is reported by ``CulpritServer/onListening``.
    public var port: Int
    /// The URL users reach the server at, for links in emails (default `http://HOST:PORT`).
    public var publicURL: String?
    /// Largest request body accepted (a job spec).
    public var maxBodyBytes: Int
    /// Longest time an event stream (SSE) stays open; the client (a browser's EventSource)
    /// then reconnects with `Last-Event-ID` and goes on where it left off.
    public var streamLimit: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, maxBodyBytes: Int = 1 << 20,
        streamLimit: Duration = .seconds(300)
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.maxBodyBytes = maxBodyBytes
        self.streamLimit = streamLimit
    }
}
