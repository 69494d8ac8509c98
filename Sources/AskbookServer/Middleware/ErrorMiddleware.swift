import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into GitBook's JSON error body: unknown routes 404, a known route with another method 405 (with
/// `Allow`), unexpected errors 500 without internals (logged with the request id). Answers to HEAD carry no body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = APIError.from(error, logger: context.logger)
            if apiError.status == .notFound, error is HTTPError, let allowed = Routes.allowedMethods(path: request.uri.path) {
                apiError = APIError(
                    .methodNotAllowed,
                    message: "\(request.method) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", ")).",
                    headers: [.allow: allowed.joined(separator: ", ")]
                )
            }
            let response = try apiError.response(from: request, context: context)
            // A response to HEAD has the headers of the GET response and no body.
            return request.method == .head ? response.createHeadResponse() : response
        }
    }
}

/// The API's routes and their methods, for telling 405 from 404.
enum Routes {
    static let table: [(pattern: [String], methods: [String])] = [
        (["health"], ["GET", "HEAD"]),
        (["v1"], ["GET", "HEAD"]),
        (["v1", "search"], ["GET", "HEAD"]),
        (["v1", "search", "ask"], ["GET", "HEAD", "POST"]),
        (["v1", "spaces", "*"], ["GET", "HEAD", "PATCH", "DELETE"]),
        (["v1", "spaces", "*", "restore"], ["POST"]),
    ]

    /// The methods allowed on `path`, or `nil` when no route has that path.
    static func allowedMethods(path: String) -> [String]? {
        let components = path.split(separator: "/").map(String.init)
        return table.first { route in
            route.pattern.count == components.count && zip(route.pattern, components).allSatisfy { $0 == "*" || $0 == $1 }
        }?.methods
    }
}
