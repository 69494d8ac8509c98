import AskbookCore
import Foundation

/// One search or ask as the query log records it: who (the organization, never the token), what (the query and the
/// spaces searched), what came of it (result counts, whether the answer abstained, the pages cited or found) and how
/// long it took.
public struct QueryLogEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case search, ask
    }

    /// Where the query came from: the HTTP API, or the CLI when asked to log (`--log-insights`).
    public enum Origin: String, Sendable, Hashable, Codable {
        case http, cli
    }

    /// A page cited by an answer (or, for an abstention, one of the closest pages), or found by a search.
    public struct Page: Sendable, Hashable, Codable {
        public var spaceId: String
        public var pageId: String
        public var path: String

        public init(spaceId: String, pageId: String, path: String) {
            self.spaceId = spaceId
            self.pageId = pageId
            self.path = path
        }
    }

    /// The row id once stored; `nil` before.
    public var id: Int64?
    public var kind: Kind
    public var organizationID: String
    public var createdAt: Date
    /// The spaces searched (those of the scope the token could read).
    public var spaces: [String]
    public var query: String
    /// Search: matching sections; ask: the pages of its sources.
    public var resultCount: Int
    public var pageHits: Int
    public var sectionHits: Int
    public var abstained: Bool
    public var pages: [Page]
    public var latencyMilliseconds: Double
    /// The answer's id (asks only).
    public var answerID: String?
    /// The site searched through, for site routes.
    public var siteID: String?
    public var origin: Origin
    /// The caller's address, only when the server is configured to record it.
    public var clientAddress: String?
    /// The organization's rating of the answer, when read back from the store; never written with the entry.
    public var rating: FeedbackRating?

    /// The most pages kept per entry.
    public static let maxPages = 10
    /// The longest query kept, in characters (longer queries are cut).
    public static let maxQueryLength = 1024

    public init(
        kind: Kind,
        organizationID: String,
        createdAt: Date = Date(),
        spaces: [String],
        query: String,
        resultCount: Int,
        pageHits: Int,
        sectionHits: Int,
        abstained: Bool,
        pages: [Page],
        latencyMilliseconds: Double,
        answerID: String? = nil,
        siteID: String? = nil,
        origin: Origin = .http,
        clientAddress: String? = nil
    ) {
        self.kind = kind
        self.organizationID = organizationID
        self.createdAt = createdAt
        self.spaces = spaces
        self.query = String(query.prefix(Self.maxQueryLength))
        self.resultCount = resultCount
        self.pageHits = pageHits
        self.sectionHits = sectionHits
        self.abstained = abstained
        self.pages = Array(pages.prefix(Self.maxPages))
        self.latencyMilliseconds = latencyMilliseconds
        self.answerID = answerID
        self.siteID = siteID
        self.origin = origin
        self.clientAddress = clientAddress
    }

    /// The query as top searches group it: lowercased, whitespace collapsed.
    public static func normalize(_ query: String) -> String {
        query.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension QueryLogEntry {
    /// The entry as a question for `QuestionTopics`: its text, time and pages.
    public var unansweredQuestion: UnansweredQuestion {
        UnansweredQuestion(
            text: query,
            askedAt: createdAt,
            pages: pages.map { UnansweredQuestion.Page(spaceID: $0.spaceId, pageID: $0.pageId, path: $0.path) }
        )
    }
}
