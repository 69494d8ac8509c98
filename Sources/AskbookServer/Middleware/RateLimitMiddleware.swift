import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// Limits each token to `limit` requests per fixed window and reports the state in `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining` and `X-RateLimit-Reset` (UTC epoch seconds) on every response, errors included.
///
/// A visitor key, published on web pages and so shared by every reader, is also limited per client address
/// (`addressLimiter`), so one client cannot use up the key's requests for everyone; the headers then report whichever
/// limit has fewer requests left.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    var addressLimiter: RateLimiter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = context.token else { return try await next(request, context) }
        var state = await limiter.take(key: token.id)
        if state.allowed, token.role == .visitor, let addressLimiter {
            let byAddress = await addressLimiter.take(key: context.clientAddress ?? "unknown")
            if !byAddress.allowed || byAddress.remaining < state.remaining { state = byAddress }
        }
        let headers: HTTPFields = [
            .rateLimitLimit: String(state.limit),
            .rateLimitRemaining: String(state.remaining),
            .rateLimitReset: String(state.resetEpochSeconds),
        ]
        guard state.allowed else {
            var limited = headers
            limited[.retryAfter] = String(state.retryAfterSeconds)
            let unit = state.retryAfterSeconds == 1 ? "second" : "seconds"
            throw APIError(
                .tooManyRequests,
                message: "API rate limit exceeded. Please try again in \(state.retryAfterSeconds) \(unit).",
                headers: limited
            )
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error becomes a response here, to carry the headers; a 500 is logged on the way.
            response = try APIError.from(error, logger: context.logger).response(from: request, context: context)
        }
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// Fixed-window request counts per key.
actor RateLimiter {
    struct State {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        var resetEpochSeconds: Int
        /// Whole seconds until the window ends, rounded up (at least 1): when a refused request may be retried.
        var retryAfterSeconds: Int
    }

    private let limit: Int
    private let window: TimeInterval
    private var windows: [String: (start: TimeInterval, count: Int)] = [:]

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
    }

    /// Counts one request for `key` and says whether it is allowed.
    func take(key: String, now: TimeInterval = Date().timeIntervalSince1970) -> State {
        var entry = windows[key] ?? (start: now, count: 0)
        if now - entry.start >= window { entry = (start: now, count: 0) }
        let allowed = entry.count < limit
        if allowed { entry.count += 1 }
        windows[key] = entry
        return State(
            allowed: allowed,
            limit: limit,
            remaining: max(0, limit - entry.count),
            resetEpochSeconds: Int((entry.start + window).rounded(.up)),
            retryAfterSeconds: max(1, Int((entry.start + window - now).rounded(.up)))
        )
    }
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("X-RateLimit-Limit")!
    static let rateLimitRemaining = Self("X-RateLimit-Remaining")!
    static let rateLimitReset = Self("X-RateLimit-Reset")!
}
