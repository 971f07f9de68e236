import Foundation
import Hummingbird
import NIOCore
import Store
import Model

/// An API failure answered as JSON: `{"error": {"status": 422, "message": "..."}}`.
public struct APIError: Error, Sendable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let object: [String: Any] = ["error": ["status": Int(status.code), "message": message]]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error a handler throws into an ``APIError`` response: the store's not-found and
/// conflict, bad input (422), Hummingbird's own (413 for a body over the limit), and anything
/// else as a 500 whose message names the problem without a stack.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    static var tooLarge: String {
        "the request body is larger than the server takes (1 MiB for a job spec, 16 MiB for a worker's request): send less"
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as CulpritError where error.code == .notFound {
            throw APIError(.notFound, error.message)
        } catch let error as CulpritError where error.code == .conflict {
            throw APIError(.conflict, error.message)
        } catch let error as CulpritError where error.code == .badInput {
            throw APIError(.unprocessableContent, error.message)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, Self.tooLarge)
        } catch let error as HTTPError {
            let message = error.status == .contentTooLarge ? Self.tooLarge : (error.body ?? error.status.reasonPhrase)
            throw APIError(error.status, message)
        } catch {
            context.logger.error("request \(request.method) \(request.uri.path) failed: \(error)")
            throw APIError(.internalServerError, "the server could not handle the request: \(error)")
        }
    }
}
