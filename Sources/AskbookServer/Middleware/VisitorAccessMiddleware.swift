import AskbookStore
import HTTPTypes
import Hummingbird

/// Keeps a visitor key (a publishable browser key) to its routes and its origins: 403 for a request sent by a page on
/// an origin the key does not allow (the server's own pages always may), and 403 for any route but search, ask,
/// recommended questions, answer feedback and its spaces' `Space` objects (the page reads their titles). Its spaces
/// are enforced as for any space-limited token, by the scopes.
///
/// Default deny: a route added later is refused to visitor keys until it is listed here.
struct VisitorAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The routes a visitor key may call, as `METHOD /path` with Hummingbird's `{parameter}` captures (HEAD as GET).
    static let routes: Set<String> = [
        "GET /v1/search",
        "GET /v1/spaces/{spaceId}/search",
        "GET /v1/orgs/{organizationId}/search",
        "GET /v1/search/ask",
        "POST /v1/search/ask",
        "GET /v1/spaces/{spaceId}/search/ask",
        "POST /v1/spaces/{spaceId}/search/ask",
        "POST /v1/orgs/{organizationId}/ask",
        "GET /v1/spaces/{spaceId}/search/ask/stream",
        "GET /v1/orgs/{organizationId}/ask/stream",
        "POST /v1/orgs/{organizationId}/sites/{siteId}/search",
        "POST /v1/orgs/{organizationId}/sites/{siteId}/ask",
        "GET /v1/spaces/{spaceId}/search/questions",
        "GET /v1/spaces/{spaceId}/search/questions/stream",
        "GET /v1/orgs/{organizationId}/ask/questions",
        "GET /v1/orgs/{organizationId}/ask/questions/stream",
        "POST /v1/search/questions",
        "PUT /v1/answers/{answerId}/feedback",
        "GET /v1/spaces/{spaceId}",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = context.token, token.role == .visitor else { return try await next(request, context) }
        if let origin = CrossOrigin(request), !(token.allowedOrigins ?? []).contains(origin.value) {
            throw APIError(
                .forbidden,
                message: "This visitor key may not be used from the origin '\(String(origin.value.prefix(200)))'; allow it with --allow-origin."
            )
        }
        let method = request.method == .head ? HTTPRequest.Method.get : request.method
        guard Self.routes.contains("\(method.rawValue) \(context.endpointPath ?? request.uri.path)") else {
            throw APIError(
                .forbidden,
                message:
                    "A visitor key may only search, ask, read recommended questions and send answer feedback; \(method.rawValue) \(String(request.uri.path.prefix(200))) is not one of them."
            )
        }
        return try await next(request, context)
    }
}
