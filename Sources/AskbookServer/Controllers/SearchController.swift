import AskbookCore
import AskbookStore
@preconcurrency import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/search` and `GET /v1/orgs/{organizationId}/search`: sections matching a query across the spaces the token
/// may read, as spaces › pages › sections; `GET /v1/spaces/{spaceId}/search`: the same in one space, as pages ›
/// sections. All are paged over sections with an opaque cursor, and `count` is the number of matching sections.
struct SearchController: Sendable {
    /// Sections per page when `limit` is not given.
    static let defaultLimit = 20

    let holder: IndexHolder
    let baseURL: String
    /// Signs the `page` cursors.
    let cursorKey: SymmetricKey
    let insights: Insights

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("search") { request, context in JSONResponse.make(try await search(request, context: context, scope: .all)) }
        group.get("orgs/:organizationId/search") { request, context in
            JSONResponse.make(try await search(request, context: context, scope: try .organizationRoute(context)))
        }
        group.get("spaces/:spaceId/search") { request, context in
            JSONResponse.make(PageResults(try await search(request, context: context, scope: try .spaceRoute(context))))
        }
    }

    /// One page of the results in `scope` of `query` (a body's `query` field), else of the request's `query` parameter.
    func search(_ request: Request, context: AppRequestContext, scope: SearchScope, query bodyQuery: String? = nil) async throws -> SearchResults {
        let start = ContinuousClock.now
        let token = try context.requireToken(role: .read, to: "searching")
        let parameters = request.uri.queryParameters
        let query = bodyQuery ?? parameters["query"].map(String.init) ?? ""
        // QueryPolicy's errors become 400s with their message (APIError.from).
        try QueryPolicy.checkQuery(query, field: bodyQuery == nil ? "'query' parameter" : "'query'")
        let limit = try parameters["limit"].map { try QueryPolicy.limit(parsing: $0, field: "'limit' parameter") } ?? Self.defaultLimit
        guard case let (engine, spaces)? = try await holder.engine(for: token, in: scope) else {
            let results = SearchResults(count: 0, items: [])
            insights.record(.search(query: query, organization: token.organizationId, spaces: [], results: results, since: start), context: context)
            return results
        }
        let fingerprint = Self.fingerprint(query: query, spaces: spaces, snapshot: engine.snapshot)
        var offset = 0
        if let page = parameters["page"] {
            do {
                offset = try SearchCursor.offset(of: String(page), key: cursorKey, fingerprint: fingerprint)
            } catch .unknown {
                throw APIError(.badRequest, message: "Unknown 'page' cursor: pass the value of next.page from a previous response.")
            } catch .stale {
                throw APIError(
                    .badRequest,
                    message: "The 'page' cursor is no longer valid (the query or the content changed); search again without 'page'."
                )
            }
        }
        guard !spaces.isEmpty else {
            let results = SearchResults(count: 0, items: [])
            if offset == 0 {
                insights.record(
                    .search(query: query, organization: token.organizationId, spaces: [], results: results, since: start),
                    context: context
                )
            }
            return results
        }
        var results = try SearchComposer(baseURL: baseURL).search(
            query,
            retriever: engine.retriever,
            spaces: spaces,
            limit: limit,
            offset: offset
        )
        // offset and limit are both at most QueryPolicy.maxSearchResults here, so the sum cannot overflow.
        if limit > 0, offset + limit < results.count {
            results.next = SearchResults.Next(page: SearchCursor(fingerprint: fingerprint, offset: offset + limit).encoded(key: cursorKey))
        }
        // Later pages of the same search are not searches of their own.
        if offset == 0 {
            insights.record(
                .search(query: query, organization: token.organizationId, spaces: spaces, results: results, since: start),
                context: context
            )
        }
        return results
    }

    // MARK: Cursors

    /// Identifies the result list: the query and the revisions of the spaces searched. A cursor is valid while it holds.
    static func fingerprint(query: String, spaces: Set<String>, snapshot: IndexSnapshot) -> String {
        let revisions = snapshot.segments.filter { spaces.contains($0.spaceID) }.map { "\($0.spaceID)@\($0.revisionID)" }.sorted()
        let digest = SHA256.hash(data: Array((revisions + [query]).joined(separator: "\n").utf8))
        return digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}
