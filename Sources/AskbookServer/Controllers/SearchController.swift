import AskbookCore
import AskbookStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/search`: sections matching a query across the spaces the token may read, as spaces › pages › sections,
/// paged with an opaque cursor.
struct SearchController {
    /// Sections per page when `limit` is not given.
    static let defaultLimit = 20

    let holder: IndexHolder
    let baseURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("search", use: search)
    }

    func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.requireToken(role: .read, to: "searching")
        let parameters = request.uri.queryParameters
        guard let query = parameters["query"].map(String.init), !query.trimmingWhitespace().isEmpty else {
            throw APIError(.badRequest, message: "The 'query' parameter is required and must not be empty.")
        }
        guard query.count <= 512 else { throw APIError(.badRequest, message: "The 'query' parameter is longer than 512 characters.") }
        var limit = Self.defaultLimit
        if let raw = parameters["limit"] {
            guard let value = Int(raw), (0...SearchComposer.maxResults).contains(value) else {
                throw APIError(.badRequest, message: "The 'limit' parameter must be a whole number from 0 to 1000.")
            }
            limit = value
        }
        guard let snapshot = await holder.current() else { return JSONResponse.make(SearchResults(count: 0, items: [])) }
        let spaces = token.visibleSpaces(in: snapshot)
        let fingerprint = Self.fingerprint(query: query, spaces: spaces, snapshot: snapshot)
        var offset = 0
        if let page = parameters["page"] {
            offset = try Self.offset(cursor: String(page), fingerprint: fingerprint)
        }
        guard !spaces.isEmpty else { return JSONResponse.make(SearchResults(count: 0, items: [])) }
        var results = try SearchComposer(baseURL: baseURL).search(
            query,
            retriever: Retriever(snapshot: snapshot),
            spaces: spaces,
            limit: limit,
            offset: offset
        )
        if limit > 0, offset + limit < results.count {
            results.next = SearchResults.Next(page: Self.cursor(offset: offset + limit, fingerprint: fingerprint))
        }
        return JSONResponse.make(results)
    }

    // MARK: Cursors

    /// Identifies the result list: the query and the revisions of the spaces searched. A cursor is valid while it holds.
    static func fingerprint(query: String, spaces: Set<String>, snapshot: IndexSnapshot) -> String {
        let revisions = snapshot.segments.filter { spaces.contains($0.spaceID) }.map { "\($0.spaceID)@\($0.revisionID)" }.sorted()
        let digest = SHA256.hash(data: Array((revisions + [query]).joined(separator: "\n").utf8))
        return digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static func cursor(offset: Int, fingerprint: String) -> String {
        Data("\(fingerprint):\(offset)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func offset(cursor: String, fingerprint: String) throws -> Int {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw APIError(.badRequest, message: "Unknown 'page' cursor: pass the value of next.page from a previous response.")
        }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let offset = Int(parts[1]), offset >= 0 else {
            throw APIError(.badRequest, message: "Unknown 'page' cursor: pass the value of next.page from a previous response.")
        }
        guard parts[0] == fingerprint else {
            throw APIError(
                .badRequest,
                message: "The 'page' cursor is no longer valid (the query or the content changed); search again without 'page'."
            )
        }
        return offset
    }
}
