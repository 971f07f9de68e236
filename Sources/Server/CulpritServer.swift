import Dashboard
import Foundation
import Hummingbird
import Logging
import NIOCore
import Store
import Synchronization

/// `culprit serve`: the HTTP API, the dashboard, `/openapi.yaml`, `/metrics` and `/health`
/// over a ``JobStore``, as a Hummingbird application (a swift-service-lifecycle `Service`).
public struct CulpritServer: Sendable {
    let store: any JobStore
    let settings: ServerSettings
    let templates: DashboardTemplates
    let openAPI: String
    let logger: Logger
    /// The URL the server answers at, once listening.
    let address = ListeningAddress()

    public init(store: any JobStore, settings: ServerSettings, logger: Logger = Logger(label: "culprit.server")) async throws {
        self.store = store
        self.settings = settings
        self.logger = logger
        templates = try DashboardTemplates()
        guard let path = Bundle.module.path(forResource: "openapi", ofType: "yaml"),
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { throw APIError(.internalServerError, "openapi.yaml is missing from the installation") }
        openAPI = text
    }

    /// The application; `onListening` gets the base URL (with the real port) once it accepts connections.
    public func application(onListening: @escaping @Sendable (String) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        addPages(to: router)
        addAPI(to: router)
        addWorkerAPI(to: router)
        addEvents(to: router)
        addOperations(to: router)
        let host = settings.host
        let address = self.address
        let publicURL = settings.publicURL
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: settings.port), serverName: "culprit"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let url = publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                address.set(url)
                await onListening(url)
            },
            logger: logger)
    }

    /// The base URL for links (the public URL, or the address listened on).
    var baseURL: String { settings.publicURL ?? address.get() ?? "http://\(settings.host):\(settings.port)" }

    /// The job id in the path, or a 404.
    static func jobID(_ context: BasicRequestContext) throws -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else { throw APIError(.notFound, "no job '\(text)': job ids are positive numbers") }
        return id
    }

    func requireJob(_ id: Int64) async throws -> JobRecord {
        guard let job = try await store.job(id) else { throw APIError(.notFound, "no job \(id)") }
        return job
    }

    /// The token's name, a 401 without a known token (writes need `Authorization: Bearer TOKEN`),
    /// or a 403 when the token's scope does not allow `needed` (submit/cancel/retry, or worker calls).
    func authorize(_ request: Request, for needed: TokenScope) async throws -> String {
        try await authorizedToken(request, for: needed).name
    }

    /// The token of a request that needs `needed`: 401 without a known token, 403 when its scope
    /// does not cover the call.
    func authorizedToken(_ request: Request, for needed: TokenScope) async throws -> TokenRecord {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(
                .unauthorized, "this request needs a token: send 'Authorization: Bearer TOKEN' (create one with `culprit token create`)")
        }
        let secret = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let token = try await store.token(secret: secret) else {
            throw APIError(.unauthorized, "the token is not known to this server: create one with `culprit token create`")
        }
        guard token.scope.allows(needed) else {
            let what = needed == .worker ? "run a worker" : "submit, cancel or retry jobs"
            throw APIError(
                .forbidden,
                "the token '\(token.name)' is a \(token.scope.rawValue) token and may not \(what): "
                    + "use one made with `culprit token create --scope \(needed.rawValue)` (or all)")
        }
        return token
    }

    static func text(_ text: String, _ contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A job as JSON: the stored fields, with the result as an object rather than text.
    static func jobObject(_ job: JobRecord, baseURL: String) throws -> [String: Any] {
        let data = try JSONEncoder().encode(job)
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        if let result = job.result, let parsed = try? JSONSerialization.jsonObject(with: Data(result.utf8)) {
            object["result"] = parsed
        } else {
            object["result"] = NSNull()
        }
        object["url"] = "\(baseURL)/jobs/\(job.id)"
        return object
    }
}

/// The server's base URL, known once it listens.
final class ListeningAddress: Sendable {
    private let url = Mutex<String?>(nil)

    func set(_ value: String) { url.withLock { $0 = value } }
    func get() -> String? { url.withLock { $0 } }
}
