import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// GitBook's site events: `POST /v1/orgs/{organizationId}/sites/{siteId}/insights/events` (body
/// `{events: [SiteInsightsEvent]}`, 204) tracks them; `POST …/insights/events/aggregate` (body
/// `SiteInsightsQueryEventsAggregation`) counts them by the columns asked for (`SiteInsightsQueryEventsAggregationResult`).
///
/// Askbook keeps of an event its type, time, site space, space, page, visitor and session ids, query, search result,
/// feedback rating and link position; `session.visitorId`, `session.sessionId` and the type's own required fields
/// are required, the other session and location fields optional. An event's `location.siteSpace` and
/// `location.space` must be spaces of the site the token may read. Aggregations group by `datetime` (with its
/// `interval`), `eventType`, `siteSpace`, `page`, `eventSearchQuery` and `pageFeedbackRating`, count `eventsCount`,
/// `sessionsCount` and `visitorsCount`, and filter (`where`, `in` / `notIn`, and for `datetime` the comparisons) on
/// the same columns; other columns are a 400 naming these. Any token that may read may track events; aggregating
/// them needs the edit role, and a space-limited token counts only events about its spaces.
struct SiteEventsController {
    /// The most events one request may track.
    static let maxEvents = 100
    /// The most events one aggregation reads.
    static let maxAggregatedEvents = 200_000
    /// The most rows an aggregation returns.
    static let maxRows = 1000

    let store: Store

    static let eventTypes: Set<String> = [
        "page_view", "search_open", "search_type_query", "search_open_result", "page_post_feedback", "ask_question", "link_click",
        "api_client_open", "api_client_request",
    ]

    struct EventsBody: Decodable {
        var events: [Event]
    }

    struct Event: Decodable {
        struct Session: Decodable {
            var visitorId: String
            var sessionId: String
        }
        struct Location: Decodable {
            var siteSpace: String?
            var space: String?
            var page: String?
        }
        struct Link: Decodable {
            var position: String?
        }
        var type: String
        var session: Session
        var location: Location?
        var timestamp: String?
        var query: String?
        var result: InsightsEventData.Result?
        var feedback: InsightsEventData.Feedback?
        var link: Link?
        var operation: Operation?

        /// Only its presence is checked (`OpenAPIOperationPointer`).
        struct Operation: Decodable {}
    }

    /// What is kept of an event beyond its columns.
    struct InsightsEventData: Codable {
        struct Result: Codable {
            var spaceId: String
            var pageId: String
        }
        struct Feedback: Codable {
            var rating: String
        }
        var result: Result?
        var rating: String?
        var linkPosition: String?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("orgs/:organizationId/sites/:siteId/insights/events") { request, context in
            let token = try context.requireInsightsSender(to: "tracking events")
            let site = try await site(context: context, token: token)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let body = try JSONDecoder().decode(EventsBody.self, from: Data(buffer.readableBytesView))
            guard body.events.count <= Self.maxEvents else {
                throw APIError(.badRequest, message: "'events' may hold at most \(Self.maxEvents) events.")
            }
            let siteSpaces = try await store.siteSpaces(siteID: site.id).filter { token.spaces?.contains($0.spaceId) ?? true }
            let now = Date()
            let records = try body.events.enumerated().map { index, event in
                try Self.record(event, field: "events[\(index)]", site: site, siteSpaces: siteSpaces, now: now)
            }
            try await store.appendInsightsEvents(records)
            return Response(status: .noContent)
        }
        group.post("orgs/:organizationId/sites/:siteId/insights/events/aggregate") { request, context in
            let token = try context.requireToken(role: .insightsReader, to: "reading insights")
            let site = try await site(context: context, token: token)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let query = try JSONDecoder().decode(EventAggregation.self, from: Data(buffer.readableBytesView))
            try query.validate()
            let events = try await store.insightsEvents(
                organizationID: token.organizationId,
                siteID: site.id,
                since: query.start(),
                spaces: token.spaces.map(Set.init),
                limit: Self.maxAggregatedEvents
            )
            return JSONResponse.make(query.aggregate(events, limit: Self.maxRows))
        }
    }

    /// The route's site, when it is the token's organization's.
    ///
    /// - Throws: 404 otherwise.
    private func site(context: AppRequestContext, token: TokenRecord) async throws -> SiteRecord {
        let organization = try context.parameters.require("organizationId")
        guard organization == token.organizationId else { throw SearchScope.organization(organization).notFound }
        let siteID = try context.parameters.require("siteId")
        guard let site = try await store.site(id: siteID), site.organizationId == organization else {
            throw APIError(.notFound, message: "Site '\(siteID.prefix(100))' not found.")
        }
        return site
    }

    /// The row of `event` (named `field` in messages), checked.
    ///
    /// - Throws: 400 for an unknown type, a missing or overlong field, a bad rating or timestamp, or a site space or
    ///   space the token may not read in this site.
    static func record(_ event: Event, field: String, site: SiteRecord, siteSpaces: [SiteSpaceRecord], now: Date) throws -> InsightsEventRecord {
        func bad(_ message: String) -> APIError { APIError(.badRequest, message: "'\(field)\(message)") }
        guard eventTypes.contains(event.type) else {
            throw bad(".type' must be one of \(eventTypes.sorted().joined(separator: ", ")).")
        }
        for (name, value) in [("session.visitorId", event.session.visitorId), ("session.sessionId", event.session.sessionId)] {
            guard !value.isEmpty, value.utf8.count <= 128 else { throw bad(".\(name)' must be 1 to 128 bytes.") }
        }
        let query = event.query?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let query, query.count > QueryLogEntry.maxQueryLength {
            throw bad(".query' must be at most \(QueryLogEntry.maxQueryLength) characters.")
        }
        switch event.type {
        case "search_type_query", "ask_question":
            guard query?.isEmpty == false else { throw bad(".query' is required for '\(event.type)'.") }
        case "search_open_result":
            guard query != nil else { throw bad(".query' is required for '\(event.type)'.") }
            guard event.result != nil else { throw bad(".result' is required for '\(event.type)'.") }
        case "page_post_feedback":
            guard let rating = event.feedback?.rating else { throw bad(".feedback' is required for '\(event.type)'.") }
            guard FeedbackRating(rawValue: rating) != nil else { throw bad(".feedback.rating' must be 'bad', 'ok' or 'good'.") }
        case "link_click":
            guard event.link != nil else { throw bad(".link' is required for '\(event.type)'.") }
        case "api_client_open", "api_client_request":
            guard event.operation != nil else { throw bad(".operation' is required for '\(event.type)'.") }
        default:
            break
        }
        var siteSpaceID = event.location?.siteSpace
        var spaceID = event.location?.space
        if let id = siteSpaceID {
            guard let siteSpace = siteSpaces.first(where: { $0.id == id }) else {
                throw bad(".location.siteSpace' is not a site space of this site.")
            }
            if spaceID == nil { spaceID = siteSpace.spaceId }
            guard spaceID == siteSpace.spaceId else { throw bad(".location.space' is not the space of its site space.") }
        } else if let id = spaceID {
            guard let siteSpace = siteSpaces.first(where: { $0.spaceId == id }) else { throw bad(".location.space' is not a space of this site.") }
            siteSpaceID = siteSpace.id
        }
        var createdAt = now
        if let timestamp = event.timestamp {
            guard let date = Self.parseTimestamp(timestamp) else { throw bad(".timestamp' must be an ISO 8601 date and time.") }
            // Within the longest aggregation range, and not in the future (a client clock a little ahead is clamped).
            guard date >= now.addingTimeInterval(-366 * 86_400), date <= now.addingTimeInterval(3600) else {
                throw bad(".timestamp' must be within the last year.")
            }
            createdAt = min(date, now)
        }
        let page = event.location?.page.map { String($0.prefix(128)) }
        let data = InsightsEventData(
            result: event.result,
            rating: event.feedback?.rating,
            linkPosition: event.link?.position.map { String($0.prefix(32)) }
        )
        return InsightsEventRecord(
            organizationId: site.organizationId,
            siteId: site.id,
            type: event.type,
            createdAt: createdAt,
            siteSpaceId: siteSpaceID,
            spaceId: spaceID,
            pageId: page,
            visitorId: event.session.visitorId,
            sessionId: event.session.sessionId,
            query: query,
            data: String(decoding: (try? JSONEncoder().encode(data)) ?? Data("{}".utf8), as: UTF8.self)
        )
    }

    /// An ISO 8601 date and time, with or without fractional seconds.
    static func parseTimestamp(_ text: String) -> Date? {
        guard text.utf8.count <= 64 else { return nil }
        return (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}
