import AskbookCore
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// A site's search and ask: `POST /v1/orgs/{organizationId}/sites/{siteId}/search` (body `{query, scope?}`, paged as
/// `/v1/search`) and `POST /v1/orgs/{organizationId}/sites/{siteId}/ask` (body `{question, context?, scope}`, the
/// answer streamed as `AskController+Stream` streams it).
///
/// GitBook's `SiteSearchScope` chooses the site's spaces: `default` (each section's default content, plus
/// `includedSiteSpaces`), `specific` (`siteSpaceIds`) or `all`; the deprecated top-level `mode` forms of the search
/// body are read too. The chosen spaces are then cut to those the token may read. A site of another organization,
/// like an unknown one, is a 404.
struct SitesController {
    /// The most site-space ids a scope may name.
    static let maxSiteSpaceIDs = 100

    let store: Store
    let search: SearchController
    let ask: AskController

    /// GitBook's `SiteSearchScope`, and the deprecated search body's top-level `mode`, `siteSpaceIds`, `siteSpaceId`.
    struct Scope: Decodable {
        var mode: String
        var includedSiteSpaces: [String]?
        var siteSpaceIds: [String]?
        var siteSpaceId: String?
    }

    struct SearchBody: Decodable {
        var query: String
        var scope: Scope?
        var mode: String?
        var siteSpaceIds: [String]?
        var siteSpaceId: String?
    }

    struct AskBody: Decodable {
        struct Context: Decodable {
            var siteSpaceId: String?
        }
        var question: String
        var context: Context?
        var scope: Scope
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("orgs/:organizationId/sites/:siteId/search") { request, context in
            _ = try context.requireToken(role: .read, to: "searching")
            let body = try await Self.decode(SearchBody.self, request: request, context: context)
            let scope =
                body.scope
                ?? body.mode.map { Scope(mode: $0, siteSpaceIds: body.siteSpaceIds, siteSpaceId: body.siteSpaceId) }
                ?? (body.siteSpaceIds != nil ? Scope(mode: "specific", siteSpaceIds: body.siteSpaceIds) : Scope(mode: "default"))
            let resolved = try await resolve(scope, context: context)
            return JSONResponse.make(try await search.search(request, context: context, scope: resolved, query: body.query))
        }
        group.post("orgs/:organizationId/sites/:siteId/ask") { request, context in
            _ = try context.requireToken(role: .read, to: "asking")
            let body = try await Self.decode(AskBody.self, request: request, context: context)
            let resolved = try await resolve(body.scope, context: context)
            return try await ask.streamAnswer(query: body.question, field: "'question'", scope: resolved, request: request, context: context)
        }
    }

    /// The spaces of the route's site that `scope` chooses, as a search scope.
    ///
    /// - Throws: 404 for another organization or an unknown site; 400 for an unknown mode, an unknown site space or
    ///   too many of them.
    func resolve(_ scope: Scope, context: AppRequestContext) async throws -> SearchScope {
        let token = try context.requireToken()
        let organization = try context.parameters.require("organizationId")
        let siteID = try context.parameters.require("siteId")
        guard organization == token.organizationId else { throw SearchScope.organization(organization).notFound }
        guard let site = try await store.site(id: siteID), site.organizationId == organization else {
            throw APIError(.notFound, message: "Site '\(siteID)' not found.")
        }
        // Only the site spaces the token may read: a hidden one is as unknown as a missing one, so ids cannot be probed.
        let siteSpaces = try await store.siteSpaces(siteID: site.id).filter { token.spaces?.contains($0.spaceId) ?? true }
        func named(_ ids: [String], field: String) throws -> [SiteSpaceRecord] {
            guard ids.count <= Self.maxSiteSpaceIDs else {
                throw APIError(.badRequest, message: "'\(field)' may name at most \(Self.maxSiteSpaceIDs) site spaces.")
            }
            return try ids.map { id in
                guard let space = siteSpaces.first(where: { $0.id == id }) else {
                    throw APIError(.badRequest, message: "Unknown site space '\(id.prefix(100))' in '\(field)'.")
                }
                return space
            }
        }
        let chosen: [SiteSpaceRecord]
        switch scope.mode {
        case "default":
            chosen = siteSpaces.filter(\.isDefault) + (try named(scope.includedSiteSpaces ?? [], field: "scope.includedSiteSpaces"))
        case "specific":
            guard let ids = scope.siteSpaceIds, !ids.isEmpty else {
                throw APIError(.badRequest, message: "'scope.siteSpaceIds' is required and must not be empty for mode 'specific'.")
            }
            chosen = try named(ids, field: "scope.siteSpaceIds")
        case "current":
            // Deprecated search form: the current site space and every section's default.
            guard let id = scope.siteSpaceId else { throw APIError(.badRequest, message: "'siteSpaceId' is required for mode 'current'.") }
            chosen = siteSpaces.filter(\.isDefault) + (try named([id], field: "siteSpaceId"))
        case "all":
            chosen = siteSpaces
        default:
            throw APIError(.badRequest, message: "The scope's 'mode' must be 'default', 'specific', 'all' or (deprecated) 'current'.")
        }
        return .site(organization: organization, spaces: Set(chosen.map(\.spaceId)))
    }

    /// The JSON body as `T`; a decoding error becomes a 400 naming the field (`APIError.from`).
    private static func decode<T: Decodable>(_ type: T.Type, request: Request, context: AppRequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}

extension SitesController.Scope {
    init(mode: String, siteSpaceIds: [String]? = nil, siteSpaceId: String? = nil) {
        self.init(mode: mode, includedSiteSpaces: nil, siteSpaceIds: siteSpaceIds, siteSpaceId: siteSpaceId)
    }
}
