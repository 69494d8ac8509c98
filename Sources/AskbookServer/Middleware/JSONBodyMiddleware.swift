import Foundation
import HTTPTypes
import Hummingbird

/// Refuses a request body that is not JSON (415) or is declared larger than the context allows (413) before any
/// handler reads it.
struct JSONBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let length = request.headers[.contentLength].flatMap { Int($0) }
        let hasBody = (length ?? 0) > 0 || request.headers[.transferEncoding] != nil
        if hasBody {
            if let length, length > context.maxUploadSize {
                throw APIError(.contentTooLarge, message: APIError.defaultMessage(.contentTooLarge))
            }
            let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard type == "application/json" || type.hasSuffix("+json") else {
                throw APIError(.unsupportedMediaType, message: "The body must be JSON: send 'Content-Type: application/json'.")
            }
        }
        return try await next(request, context)
    }
}
