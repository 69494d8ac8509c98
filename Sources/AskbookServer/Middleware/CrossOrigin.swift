import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// The `Origin` of a request from a page on another origin than the server's, as browsers send it
/// (`https://docs.example.com`); same-origin requests and requests without `Origin` (curl, servers) have none.
///
/// A request is same-origin when its `Origin`'s host and port are the request's `Host`: a browser sends the `Host` of
/// the server it connects to, so only a page served from that host and port matches (the scheme is not compared, as a
/// TLS proxy in front changes it).
struct CrossOrigin {
    /// The origin, as sent.
    var value: String

    init?(_ request: Request) {
        guard let origin = request.headers[.origin], !origin.isEmpty else { return nil }
        if let authority = request.head.authority, let range = origin.range(of: "://"),
            origin[range.upperBound...].lowercased() == authority.lowercased()
        {
            return nil
        }
        value = origin
    }

    /// The headers that let a page on `value` read a response: the origin itself (never `*`), `Vary: Origin`, and the
    /// response headers the page reads (answer id, rate limits).
    var responseHeaders: HTTPFields {
        [
            .accessControlAllowOrigin: value,
            .vary: "Origin",
            .accessControlExposeHeaders: "X-Askbook-Answer-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After",
        ]
    }
}

/// Answers CORS preflights (`OPTIONS` with `Access-Control-Request-Method`) for `/v1` routes: 204 with the methods and
/// headers a page may send when some live visitor key allows the origin, otherwise 403. A preflight carries no key,
/// so the key's own origins are checked on the request that follows (`VisitorAccessMiddleware`).
///
/// Added to the router before any route: it then wraps the not-found responder, which is where an `OPTIONS` request
/// lands, no route having that method.
struct PreflightMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .options, request.uri.path.hasPrefix("/v1/"), request.headers[.accessControlRequestMethod] != nil,
            let origin = request.headers[.origin]
        else {
            return try await next(request, context)
        }
        let crossOrigin = CrossOrigin(request)
        if let crossOrigin, try await !store.visitorOrigins().contains(crossOrigin.value) {
            throw APIError(.forbidden, message: "No visitor key allows the origin '\(String(origin.prefix(200)))'.")
        }
        var headers: HTTPFields = [
            .accessControlAllowMethods: "GET, HEAD, POST, PUT",
            .accessControlAllowHeaders: "Authorization, Content-Type",
            .accessControlMaxAge: "600",
        ]
        if let crossOrigin {
            headers[.accessControlAllowOrigin] = crossOrigin.value
            headers[.vary] = "Origin"
        }
        return Response(status: .noContent, headers: headers)
    }
}

/// Adds `CrossOrigin.responseHeaders` to every response of a `/v1` route, errors included, when the request comes from
/// an origin that some live visitor key allows; other origins get no CORS headers, so browsers keep their pages from
/// reading the response. Whether this key may be used from there is `VisitorAccessMiddleware`'s check.
struct VisitorCORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = CrossOrigin(request), try await store.visitorOrigins().contains(origin.value) else {
            return try await next(request, context)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try APIError.from(error, logger: context.logger).response(from: request, context: context)
        }
        for field in origin.responseHeaders { response.headers[field.name] = field.value }
        return response
    }
}
