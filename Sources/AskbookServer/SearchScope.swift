import AskbookCore
import AskbookStore
import Hummingbird

/// What a search or an ask covers: every space the token may read (`/v1/search`, `/v1/search/ask`), one space
/// (`/v1/spaces/{spaceId}/…`), one organization (`/v1/orgs/{organizationId}/…`) or some spaces of an organization's
/// site (`/v1/orgs/{organizationId}/sites/{siteId}/…`, resolved by `SitesController`).
///
/// A scope is resolved against the token by `IndexHolder.engine(for:in:)`: a space or an organization the token
/// may not see is a 404, the same as one that does not exist, so ids cannot be probed.
enum SearchScope: Equatable, Sendable {
    case all
    case space(String)
    case organization(String)
    /// The spaces of a site of `organization` that a request's site scope chose.
    case site(organization: String, spaces: Set<String>)

    /// The space scope named by the route's `spaceId` parameter.
    static func spaceRoute(_ context: AppRequestContext) throws -> SearchScope {
        .space(try context.parameters.require("spaceId"))
    }

    /// The organization scope named by the route's `organizationId` parameter.
    static func organizationRoute(_ context: AppRequestContext) throws -> SearchScope {
        .organization(try context.parameters.require("organizationId"))
    }

    /// The 404 for a scope the token may not see.
    var notFound: APIError {
        switch self {
        case .all: APIError(.notFound, message: APIError.defaultMessage(.notFound))
        case .space(let id): APIError(.notFound, message: "Space '\(id)' not found.")
        case .organization(let id), .site(let id, _): APIError(.notFound, message: "Organization '\(id)' not found.")
        }
    }
}

extension IndexHolder {
    /// The engine to answer `token` from and the spaces of `scope` the token may read; `nil` when there is nothing
    /// to search (no space imported) in the whole, organization or site scope.
    ///
    /// - Throws: 404 for an organization other than the token's, or a space that is not live in the index or that
    ///   the token may not read; 503 when no index could be loaded, or when a space of the scope the token may
    ///   read was left out of the snapshot (its index data is damaged): a partial answer would look complete.
    func engine(for token: TokenRecord, in scope: SearchScope) throws -> (engine: AnswerEngine, spaces: Set<String>)? {
        switch scope {
        case .all:
            return try engine(for: token)
        case .organization(let id):
            guard id == token.organizationId else { throw scope.notFound }
            return try engine(for: token)
        case .site(let id, let spaces):
            guard id == token.organizationId else { throw scope.notFound }
            // A damaged space counts only when the site scope and the token both cover it.
            let readable = spaces.filter { token.spaces?.contains($0) ?? true }
            if let damaged = leftOut.first(where: { readable.contains($0.spaceID) && $0.organizationID == token.organizationId }) {
                throw APIError(.serviceUnavailable, message: "The index of space '\(damaged.spaceID)' cannot be loaded; it must be re-imported.")
            }
            guard let engine = current() else {
                if reloadFailure != nil { throw APIError(.serviceUnavailable, message: "The search index cannot be loaded; try again later.") }
                return nil
            }
            return (engine, token.visibleSpaces(in: engine.snapshot).intersection(spaces))
        case .space(let id):
            let readable = token.spaces?.contains(id) ?? true
            if readable, leftOut.contains(where: { $0.spaceID == id && $0.organizationID == token.organizationId }) {
                throw APIError(.serviceUnavailable, message: "The index of space '\(id)' cannot be loaded; it must be re-imported.")
            }
            guard let engine = current() else {
                if reloadFailure != nil { throw APIError(.serviceUnavailable, message: "The search index cannot be loaded; try again later.") }
                throw scope.notFound
            }
            guard readable, engine.snapshot.segments.contains(where: { $0.spaceID == id && $0.organizationID == token.organizationId }) else {
                throw scope.notFound
            }
            return (engine, [id])
        }
    }
}
