import Foundation
import GRDB

/// A row of `pageFeedback`: one visitor's rating of one page of a space (GitBook's `PageFeedback`).
public struct PageFeedbackRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "pageFeedback"

    public var organizationId: String
    public var spaceId: String
    public var pageId: String
    public var visitorId: String
    public var rating: FeedbackRating
    /// The space's revision when the rating was given.
    public var revisionId: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        organizationId: String,
        spaceId: String,
        pageId: String,
        visitorId: String,
        rating: FeedbackRating,
        revisionId: String?,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.organizationId = organizationId
        self.spaceId = spaceId
        self.pageId = pageId
        self.visitorId = visitorId
        self.rating = rating
        self.revisionId = revisionId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
