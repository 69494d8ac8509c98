import AskbookCore
import AskbookMCP
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// LLM-ready text, after llmstxt.org and GitBook's published sites:
///
/// - `GET /v1/spaces/{spaceId}/llms.txt`: the space's title, a summary and a link to every page's markdown;
/// - `GET /v1/spaces/{spaceId}/llms-full.txt`: every page's markdown in `SUMMARY.md` order;
/// - `GET /v1/spaces/{spaceId}/{page-path}.md`: one page's published markdown (`README.md` for the home page, and
///   `folder/README.md` for a folder's page, so the links between source files resolve as they are);
/// - `GET /v1/orgs/{organizationId}/sites/{siteId}/llms.txt` and `…/llms-full.txt`: the same for a site, one section
///   per site space in site order.
///
/// The same access as search: a token reads its organization's spaces (only those listed when it is space-limited);
/// a space or site it may not read is the same 404 as an unknown one. Without a token, the spaces configured public
/// (`askbook serve --public SPACE`) are readable; anything else is the usual 401.
struct LLMTextController {
    /// Longest page path accepted in a `.md` route, in bytes.
    static let maxPathBytes = 1024

    let store: Store
    let baseURL: String
    let publicSpaces: Set<String>

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("spaces/:spaceId/llms.txt") { request, context in
            let space = try await readableSpace(context)
            let pages = try await store.pages(spaceID: space.id)
            return Self.text(LLMText.index(of: .init(id: space.id, title: space.title, pages: pages), baseURL: baseURL), type: "text/plain")
        }
        group.get("spaces/:spaceId/llms-full.txt") { request, context in
            let space = try await readableSpace(context)
            return Self.text(LLMText.full(try await store.storedPages(spaceID: space.id)), type: "text/plain")
        }
        group.get("spaces/:spaceId/**") { request, context in
            try await pageMarkdown(context)
        }
        group.get("orgs/:organizationId/sites/:siteId/llms.txt") { request, context in
            let (site, spaces) = try await readableSite(context)
            var listed: [LLMText.SpacePages] = []
            for space in spaces { listed.append(.init(id: space.id, title: space.title, pages: try await store.pages(spaceID: space.id))) }
            let full = "\(baseURL)/v1/orgs/\(site.organizationId)/sites/\(site.id)/llms-full.txt"
            return Self.text(LLMText.index(ofSite: site.title, siteFullURL: full, spaces: listed, baseURL: baseURL), type: "text/plain")
        }
        group.get("orgs/:organizationId/sites/:siteId/llms-full.txt") { request, context in
            let (_, spaces) = try await readableSite(context)
            var pages: [StoredPage] = []
            for space in spaces { pages += try await store.storedPages(spaceID: space.id) }
            return Self.text(LLMText.full(pages), type: "text/plain")
        }
    }

    /// `…/{page-path}.md`: the page's published markdown.
    func pageMarkdown(_ context: AppRequestContext) async throws -> Response {
        let raw = context.parameters.getCatchAll().joined(separator: "/")
        guard raw.hasSuffix(".md"), raw.utf8.count <= Self.maxPathBytes, var path = raw.dropLast(3).removingPercentEncoding else {
            throw APIError(.notFound, message: APIError.defaultMessage(.notFound))
        }
        let space = try await readableSpace(context)
        if path == "README" {
            path = ""
        } else if path.hasSuffix("/README") {
            path.removeLast("/README".count)
        }
        guard let page = try await store.storedPage(spaceID: space.id, reference: path) else {
            throw APIError(.notFound, message: LibraryError.pageNotFound(space: space.id, reference: path).description)
        }
        return Self.text(page.markdown ?? LLMText.fallbackMarkdown(page), type: "text/markdown")
    }

    // MARK: Access

    /// The live space of the route that the request may read: with a token, as search; without, a public space.
    ///
    /// - Throws: 404 for an unknown space or one the token may not read; 401 without a token for a space that is
    ///   not public.
    func readableSpace(_ context: AppRequestContext) async throws -> SpaceRecord {
        let id = try context.parameters.require("spaceId")
        guard let token = context.token else {
            guard publicSpaces.contains(id), let space = try await store.space(id: id), space.deletedAt == nil, space.revisionId != nil else {
                throw Self.missingToken
            }
            return space
        }
        _ = try context.requireToken(role: .read, to: "reading pages")
        guard let space = try await store.space(id: id), space.deletedAt == nil, space.revisionId != nil, token.canRead(space) else {
            throw APIError(.notFound, message: LibraryError.spaceNotFound(id).description)
        }
        return space
    }

    /// The route's site and, in site order, its live spaces the request may read.
    ///
    /// - Throws: 404 for another organization, an unknown site, or (with a token) a site with no space it may read;
    ///   401 without a token for a site with no public space.
    func readableSite(_ context: AppRequestContext) async throws -> (SiteRecord, [SpaceRecord]) {
        let organization = try context.parameters.require("organizationId")
        let siteID = try context.parameters.require("siteId")
        let token = context.token
        if token != nil { _ = try context.requireToken(role: .read, to: "reading pages") }
        if let token, organization != token.organizationId { throw SearchScope.organization(organization).notFound }
        guard let site = try await store.site(id: siteID), site.organizationId == organization else {
            if token == nil { throw Self.missingToken }
            throw APIError(.notFound, message: "Site '\(siteID)' not found.")
        }
        var spaces: [SpaceRecord] = []
        for siteSpace in try await store.siteSpaces(siteID: site.id) {
            guard let space = try await store.space(id: siteSpace.spaceId), space.deletedAt == nil, space.revisionId != nil else { continue }
            let readable = token.map { $0.canRead(space) } ?? publicSpaces.contains(space.id)
            if readable, !spaces.contains(where: { $0.id == space.id }) { spaces.append(space) }
        }
        guard !spaces.isEmpty else {
            if token == nil { throw Self.missingToken }
            throw APIError(.notFound, message: "Site '\(siteID)' not found.")
        }
        return (site, spaces)
    }

    static let missingToken = APIError(.unauthorized, message: "Missing Authorization header: send 'Authorization: Bearer <token>'.")

    static func text(_ text: String, type: String) -> Response {
        let bytes = ByteBuffer(string: text)
        return Response(
            status: .ok,
            headers: [.contentType: "\(type); charset=utf-8", .contentLength: String(bytes.readableBytes)],
            body: .init(byteBuffer: bytes)
        )
    }
}
