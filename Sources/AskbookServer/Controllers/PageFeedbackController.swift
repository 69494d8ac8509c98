import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// GitBook's page feedback by visitor: `GET` and `PUT /v1/spaces/{spaceId}/pages/{pageId}/feedbacks/{visitorId}`
/// (body `{rating}`, `bad` | `ok` | `good`), and the site form
/// `PUT /v1/orgs/{organizationId}/sites/{siteId}/site-spaces/{siteSpaceId}/insights/pages/{pageId}/feedbacks/{visitorId}`.
///
/// A `PUT` answers 201 with `Location` when the visitor had no rating of the page, else 200; either way GitBook's
/// `PageFeedback`. The page must be in the space's current revision; a space or site the token may not read is a
/// 404, as an unknown one. Any token that may read may send and read it (`AccessRole.insightsSenders`).
struct PageFeedbackController {
    /// The longest visitor id, in bytes.
    static let maxVisitorIDLength = 128

    let store: Store
    let baseURL: String

    struct RatingBody: Decodable {
        var rating: String
    }

    /// GitBook's `PageFeedback`.
    struct PageFeedback: Encodable {
        struct URLs: Encodable {
            var location: String
        }
        var object = "page-feedback"
        var visitorId: String
        var rating: FeedbackRating
        var createdAt: Date
        var revision: String
        var urls: URLs
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("spaces/:spaceId/pages/:pageId/feedbacks/:visitorId") { _, context in
            let token = try context.requireInsightsSender(to: "reading page feedback")
            let (space, page, visitor) = try await target(context: context, token: token, space: try context.parameters.require("spaceId"))
            guard let record = try await store.pageFeedback(spaceID: space, pageID: page, visitorID: visitor) else {
                throw APIError(.notFound, message: "No feedback from visitor '\(visitor)' on page '\(page)'.")
            }
            return JSONResponse.make(feedback(record))
        }
        group.put("spaces/:spaceId/pages/:pageId/feedbacks/:visitorId") { request, context in
            let token = try context.requireInsightsSender(to: "sending page feedback")
            return try await save(request, context: context, token: token, space: try context.parameters.require("spaceId"))
        }
        group.put("orgs/:organizationId/sites/:siteId/site-spaces/:siteSpaceId/insights/pages/:pageId/feedbacks/:visitorId") { request, context in
            let token = try context.requireInsightsSender(to: "sending page feedback")
            let organization = try context.parameters.require("organizationId")
            guard organization == token.organizationId else { throw SearchScope.organization(organization).notFound }
            let siteID = try context.parameters.require("siteId")
            let siteSpaceID = try context.parameters.require("siteSpaceId")
            guard let site = try await store.site(id: siteID), site.organizationId == organization else {
                throw APIError(.notFound, message: "Site '\(siteID.prefix(100))' not found.")
            }
            guard let siteSpace = try await store.siteSpaces(siteID: site.id).first(where: { $0.id == siteSpaceID }),
                token.spaces?.contains(siteSpace.spaceId) ?? true
            else {
                throw APIError(.notFound, message: "Site space '\(siteSpaceID.prefix(100))' not found.")
            }
            return try await save(request, context: context, token: token, space: siteSpace.spaceId)
        }
    }

    private func save(_ request: Request, context: AppRequestContext, token: TokenRecord, space: String) async throws -> Response {
        let (space, page, visitor) = try await target(context: context, token: token, space: space)
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let body = try JSONDecoder().decode(RatingBody.self, from: Data(buffer.readableBytesView))
        guard let rating = FeedbackRating(rawValue: body.rating) else {
            throw APIError(.badRequest, message: "'rating' must be 'bad', 'ok' or 'good'.")
        }
        let revision = try await store.currentRevision(spaceID: space, holdingPage: page)
        let (record, created) = try await store.savePageFeedback(
            organizationID: token.organizationId,
            spaceID: space,
            pageID: page,
            visitorID: visitor,
            rating: rating,
            revisionID: revision
        )
        let stored = feedback(record)
        var response = JSONResponse.make(stored, status: created ? .created : .ok)
        if created { response.headers[.location] = stored.urls.location }
        return response
    }

    /// The space, page and visitor of the route, checked.
    ///
    /// - Throws: 404 for a space the token may not read or a page not in its current revision; 400 for a visitor
    ///   id that is empty, longer than `maxVisitorIDLength` or has control characters.
    private func target(context: AppRequestContext, token: TokenRecord, space: String) async throws -> (String, String, String) {
        let page = try context.parameters.require("pageId")
        let visitor = try context.parameters.require("visitorId")
        guard !visitor.isEmpty, visitor.utf8.count <= Self.maxVisitorIDLength,
            !visitor.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw APIError(.badRequest, message: "The visitor id must be 1 to \(Self.maxVisitorIDLength) bytes without control characters.")
        }
        guard let record = try await store.space(id: space), record.deletedAt == nil, token.canRead(record) else {
            throw SearchScope.space(space).notFound
        }
        guard try await store.currentRevision(spaceID: space, holdingPage: page) != nil else {
            throw APIError(.notFound, message: "Page '\(page.prefix(100))' not found in space '\(space)'.")
        }
        return (space, page, visitor)
    }

    private func feedback(_ record: PageFeedbackRecord) -> PageFeedback {
        let path = [record.spaceId, record.pageId, record.visitorId].map {
            $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? $0
        }
        return PageFeedback(
            visitorId: record.visitorId,
            rating: record.rating,
            createdAt: record.createdAt,
            revision: record.revisionId ?? "",
            urls: .init(location: "\(baseURL)/v1/spaces/\(path[0])/pages/\(path[1])/feedbacks/\(path[2])")
        )
    }
}
