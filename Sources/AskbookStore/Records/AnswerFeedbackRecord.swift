import Foundation
import GRDB

/// A row of `answerFeedback`: what a reader of one organization thought of one answer (an Askbook extension).
///
/// One row per organization and answer id: feedback sent again replaces it.
public struct AnswerFeedbackRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "answerFeedback"

    public var organizationId: String
    public var answerId: String
    public var rating: FeedbackRating
    public var comment: String?
    public var createdAt: Date
    public var updatedAt: Date

    public enum Columns {
        static let organizationId = Column(CodingKeys.organizationId)
        static let answerId = Column(CodingKeys.answerId)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public init(organizationId: String, answerId: String, rating: FeedbackRating, comment: String?, createdAt: Date, updatedAt: Date) {
        self.organizationId = organizationId
        self.answerId = answerId
        self.rating = rating
        self.comment = comment
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
