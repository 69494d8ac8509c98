import Foundation
import GRDB

/// A row of `insightsEvent`: one event a site's client tracked (GitBook's `SiteInsightsEvent`), with the fields
/// aggregations group by in columns and the rest of what Askbook keeps of it in `data` (JSON).
public struct InsightsEventRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "insightsEvent"

    public var id: Int64?
    public var organizationId: String
    public var siteId: String
    /// GitBook's `SiteInsightsEventType`: `page_view`, `search_type_query`, `ask_question`, …
    public var type: String
    public var createdAt: Date
    public var siteSpaceId: String?
    public var spaceId: String?
    public var pageId: String?
    public var visitorId: String?
    public var sessionId: String?
    public var query: String?
    /// JSON of the event's own fields that have no column (`InsightsEventData`).
    public var data: String

    public init(
        organizationId: String,
        siteId: String,
        type: String,
        createdAt: Date,
        siteSpaceId: String?,
        spaceId: String?,
        pageId: String?,
        visitorId: String?,
        sessionId: String?,
        query: String?,
        data: String
    ) {
        self.organizationId = organizationId
        self.siteId = siteId
        self.type = type
        self.createdAt = createdAt
        self.siteSpaceId = siteSpaceId
        self.spaceId = spaceId
        self.pageId = pageId
        self.visitorId = visitorId
        self.sessionId = sessionId
        self.query = query
        self.data = data
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
