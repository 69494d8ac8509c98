import HTTPTypes
import Hummingbird

/// Answers 405 with `Allow` when a request's path is one of the router's routes but its method is not one of them.
///
/// `buildRouter` adds it after every route, so it wraps only the router's not-found responder (Hummingbird applies a
/// middleware to the routes added after it, and to the not-found responder built last): it sees a request only when
/// no route matched its path and method together. Its table is read from the same router, so it cannot drift.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = routes.allowedMethods(path: request.uri.path) else { throw error }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            throw APIError(
                .methodNotAllowed,
                message: "\(request.method) is not allowed on \(request.uri.path); use \(list).",
                headers: [.allow: list]
            )
        }
    }
}

/// A router's routes and the methods each allows, for telling 405 from 404.
struct RouteTable: Sendable {
    /// The order methods are listed in `Allow`; others follow in the router's order.
    private static let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]

    private let routes: [(path: RouterPath, methods: [HTTPRequest.Method])]

    /// The table of the routes `router` has now. With `headForGet` (the router's `.autoGenerateHeadEndpoints`), a
    /// route with GET allows HEAD too, as the router adds those endpoints only when it builds its responder.
    init<Context>(_ router: Router<Context>, headForGet: Bool) {
        var routes: [(path: RouterPath, methods: [HTTPRequest.Method])] = []
        for route in router.routes {
            if let i = routes.firstIndex(where: { $0.path == route.path }) {
                routes[i].methods.append(route.method)
            } else {
                routes.append((route.path, [route.method]))
            }
        }
        self.routes = routes.map { route in
            var methods = route.methods
            if headForGet, methods.contains(.get), !methods.contains(.head) { methods.append(.head) }
            return (route.path, methods.sorted { (Self.order.firstIndex(of: $0) ?? .max) < (Self.order.firstIndex(of: $1) ?? .max) })
        }
    }

    /// The methods allowed on `path`, in `Allow` order, or `nil` when no route has that path.
    func allowedMethods(path: String) -> [HTTPRequest.Method]? {
        let components = path.split(separator: "/")
        return routes.first { route in
            route.path.components.count == components.count && zip(route.path.components, components).allSatisfy { $0 ~= $1 }
        }?.methods
    }
}
