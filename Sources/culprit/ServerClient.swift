import Foundation
import Model
import Model
import Support

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client of `culprit serve`'s API for `culprit submit` and `culprit jobs --server`.
struct ServerClient {
    let base: String
    let token: String?

    init(server: String, token: String?) throws {
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else { throw CulpritError.badInput("--server must be an http:// or https:// URL, not '\(server)'") }
        base = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.token = token ?? ProcessInfo.processInfo.environment["CULPRIT_TOKEN"]
    }

    /// Sends a request; returns the JSON object of a 2xx answer, or throws the server's error message.
    func request(_ method: String, _ path: String, body: Data? = nil) async throws -> [String: Any] {
        guard let url = URL(string: base + path) else { throw CulpritError.badInput("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 60
        if body != nil { request.setValue("application/yaml", forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CulpritError.infrastructure("cannot reach \(base): \(error.localizedDescription); is `culprit serve` running there?")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard (200..<300).contains(status) else {
            let message =
                ((object?["error"] as? [String: Any])?["message"] as? String)
                ?? String(decoding: data.prefix(500), as: UTF8.self)
            let code: CulpritError.Code = [400, 401, 403, 404, 422].contains(status) ? .badInput : .infrastructure
            throw CulpritError(code, "the server answered \(status): \(message)")
        }
        guard let object else { throw CulpritError.infrastructure("the server's answer is not JSON") }
        return object
    }
}
