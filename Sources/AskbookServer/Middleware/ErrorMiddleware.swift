import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into GitBook's JSON error body (`APIError.from`): unknown routes 404, a known route with another
/// method 405 with `Allow` (thrown by `MethodNotAllowedMiddleware`), the core's errors by category, unexpected errors
/// 500 without internals (logged with the request id). Answers to HEAD carry no body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error, logger: context.logger)
            let response = try apiError.response(from: request, context: context)
            // A response to HEAD has the headers of the GET response and no body.
            return request.method == .head ? response.createHeadResponse() : response
        }
    }
}
