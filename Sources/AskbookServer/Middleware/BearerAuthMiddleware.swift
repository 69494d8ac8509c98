import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <token>` and puts the live token it names into the context.
///
/// Tokens are looked up by the SHA-256 of the secret, so the comparison never touches a stored secret. With
/// `optional`, a request without the header goes on with no token (the routes that serve public spaces decide).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store
    var optional = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            if optional { return try await next(request, context) }
            throw APIError(.unauthorized, message: "Missing Authorization header: send 'Authorization: Bearer <token>'.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError(.unauthorized, message: "Malformed Authorization header: expected 'Bearer <token>'.")
        }
        guard let token = try await store.token(secret: parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.unauthorized, message: "Unknown or revoked token.")
        }
        var context = context
        context.token = token
        return try await next(request, context)
    }
}
