import AskbookCore
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// What readers searched and asked, from the query log:
///
/// - `GET /v1/spaces/{spaceId}/insights/search?period=…` and
///   `GET /v1/orgs/{organizationId}/sites/{siteId}/insights/search?period=…&siteSpaceIds=…`: GitBook's top searches
///   (`AnalyticsTopSearches`) of the entries that searched the space, or the site's spaces;
/// - `GET /v1/orgs/{organizationId}/insights/search?period=…` (extension): the same over the organization;
/// - `GET /v1/orgs/{organizationId}/insights/unanswered?period=…&space=…` (extension): the asks that abstained or were
///   rated `bad` and the searches that found nothing, grouped into topics (`QuestionTopics`).
///
/// `period` is GitBook's `AnalyticsSearchPeriod` (`last_week`, `last_month` — the default —, `last_year`); `kind`
/// (`search`, `ask`, `all` — the default) and `limit` (1…1000) are extensions. Reading insights needs the edit role
/// (`AccessRole.insightsReader`). A space-limited token sees only entries every space of which it may read; another
/// organization's space or site is a 404, as an unknown one.
struct InsightsController {
    /// Queries listed when `limit` is not given.
    static let defaultLimit = 50
    /// The most unanswered entries grouped.
    static let maxUnanswered = QuestionTopics.maxQuestions

    let store: Store
    let holder: IndexHolder

    /// GitBook's `AnalyticsSearchPeriod`.
    enum Period: String, CaseIterable {
        case lastWeek = "last_week"
        case lastMonth = "last_month"
        case lastYear = "last_year"

        var days: Int {
            switch self {
            case .lastWeek: 7
            case .lastMonth: 30
            case .lastYear: 365
            }
        }

        func since(_ now: Date = Date()) -> Date { now.addingTimeInterval(-Double(days) * 86_400) }
    }

    /// GitBook's `AnalyticsTopSearches`.
    struct TopSearches: Encodable {
        struct Query: Encodable {
            var query: String
            var searches: Int
            var hits: Int
            var pageHits: Int
            var sectionHits: Int
        }
        var searches: Int
        var queries: [Query]
    }

    /// The unanswered questions' topics (extension).
    struct Unanswered: Encodable {
        var period: String
        /// Unanswered entries grouped.
        var questions: Int
        var topics: [QuestionTopic]
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("spaces/:spaceId/insights/search") { request, context in
            let token = try context.requireToken(role: .insightsReader, to: "reading insights")
            let space = try context.parameters.require("spaceId")
            try await requireReadable(space: space, token: token)
            return JSONResponse.make(try await topSearches(request, token: token, touching: [space]))
        }
        group.get("orgs/:organizationId/sites/:siteId/insights/search") { request, context in
            let token = try context.requireToken(role: .insightsReader, to: "reading insights")
            let spaces = try await siteSpaces(request, context: context, token: token)
            return JSONResponse.make(try await topSearches(request, token: token, touching: spaces))
        }
        group.get("orgs/:organizationId/insights/search") { request, context in
            let token = try context.requireToken(role: .insightsReader, to: "reading insights")
            try requireOrganization(context: context, token: token)
            return JSONResponse.make(try await topSearches(request, token: token, touching: nil))
        }
        group.get("orgs/:organizationId/insights/unanswered") { request, context in
            let token = try context.requireToken(role: .insightsReader, to: "reading insights")
            try requireOrganization(context: context, token: token)
            var touching: Set<String>?
            if let space = request.uri.queryParameters["space"].map(String.init) {
                try await requireReadable(space: space, token: token)
                touching = [space]
            }
            return JSONResponse.make(try await unanswered(request, token: token, touching: touching))
        }
    }

    // MARK: Queries

    func topSearches(_ request: Request, token: TokenRecord, touching: Set<String>?) async throws -> TopSearches {
        let parameters = request.uri.queryParameters
        let filter = try Self.filter(parameters, token: token, touching: touching)
        let limit = try Self.limit(parameters)
        let (searches, queries) = try await store.topQueries(filter, limit: limit)
        return TopSearches(
            searches: searches,
            queries: queries.map { .init(query: $0.query, searches: $0.searches, hits: $0.hits, pageHits: $0.pageHits, sectionHits: $0.sectionHits) }
        )
    }

    func unanswered(_ request: Request, token: TokenRecord, touching: Set<String>?) async throws -> Unanswered {
        let parameters = request.uri.queryParameters
        let period = try Self.period(parameters)
        let filter = try Self.filter(parameters, token: token, touching: touching)
        let entries = try await store.unansweredQueries(filter, limit: Self.maxUnanswered)
        guard let engine = await holder.current() else { return Unanswered(period: period.rawValue, questions: entries.count, topics: []) }
        let spaces = touching ?? token.visibleSpaces(in: engine.snapshot)
        let topics = QuestionTopics(model: engine.snapshot.model).group(entries.map(\.unansweredQuestion), snapshot: engine.snapshot, spaces: spaces)
        return Unanswered(period: period.rawValue, questions: entries.count, topics: topics)
    }

    // MARK: Parameters and access

    static func period(_ parameters: Parameters) throws -> Period {
        guard let raw = parameters["period"] else { return .lastMonth }
        guard let period = Period(rawValue: String(raw)) else {
            throw APIError(.badRequest, message: "The 'period' parameter must be 'last_week', 'last_month' or 'last_year'.")
        }
        return period
    }

    static func limit(_ parameters: Parameters) throws -> Int {
        guard let raw = parameters["limit"] else { return defaultLimit }
        guard let limit = Int(raw), (1...1000).contains(limit) else {
            throw APIError(.badRequest, message: "The 'limit' parameter must be a whole number from 1 to 1000.")
        }
        return limit
    }

    /// The entries the token may see over the request's `period` and `kind`, cut to those `touching` those spaces.
    static func filter(_ parameters: Parameters, token: TokenRecord, touching: Set<String>?) throws -> InsightsFilter {
        var kinds = Set(QueryLogEntry.Kind.allCases)
        if let raw = parameters["kind"] {
            switch raw {
            case "all": break
            case "search": kinds = [.search]
            case "ask": kinds = [.ask]
            default: throw APIError(.badRequest, message: "The 'kind' parameter must be 'search', 'ask' or 'all'.")
            }
        }
        return InsightsFilter(
            organizationID: token.organizationId,
            since: try period(parameters).since(),
            kinds: kinds,
            within: token.spaces.map(Set.init),
            touching: touching
        )
    }

    /// - Throws: 404 unless the route's organization is the token's.
    func requireOrganization(context: AppRequestContext, token: TokenRecord) throws {
        let organization = try context.parameters.require("organizationId")
        guard organization == token.organizationId else { throw SearchScope.organization(organization).notFound }
    }

    /// - Throws: 404 unless `space` is a live space of the token's organization that the token may read.
    func requireReadable(space: String, token: TokenRecord) async throws {
        guard let record = try await store.space(id: space), record.deletedAt == nil, token.canRead(record) else {
            throw SearchScope.space(space).notFound
        }
    }

    /// The spaces of the route's site the token may read, narrowed to `siteSpaceIds` when given (repeated, or
    /// separated by commas).
    ///
    /// - Throws: 404 for another organization or an unknown site; 400 for an unknown site space or more than
    ///   `SitesController.maxSiteSpaceIDs`.
    func siteSpaces(_ request: Request, context: AppRequestContext, token: TokenRecord) async throws -> Set<String> {
        try requireOrganization(context: context, token: token)
        let siteID = try context.parameters.require("siteId")
        guard let site = try await store.site(id: siteID), site.organizationId == token.organizationId else {
            throw APIError(.notFound, message: "Site '\(siteID.prefix(100))' not found.")
        }
        let readable = try await store.siteSpaces(siteID: site.id).filter { token.spaces?.contains($0.spaceId) ?? true }
        let named = request.uri.queryParameters.getAll("siteSpaceIds").flatMap { $0.split(separator: ",").map(String.init) }
        guard !named.isEmpty else { return Set(readable.map(\.spaceId)) }
        guard named.count <= SitesController.maxSiteSpaceIDs else {
            throw APIError(.badRequest, message: "'siteSpaceIds' may name at most \(SitesController.maxSiteSpaceIDs) site spaces.")
        }
        return Set(
            try named.map { id in
                guard let space = readable.first(where: { $0.id == id }) else {
                    throw APIError(.badRequest, message: "Unknown site space '\(id.prefix(100))' in 'siteSpaceIds'.")
                }
                return space.spaceId
            }
        )
    }
}
