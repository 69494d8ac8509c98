import Foundation
import GRDB

extension Store {
    /// The id of the current revision of `spaceID` when it is live and holds a page `pageID`; `nil` otherwise.
    public func currentRevision(spaceID: String, holdingPage pageID: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT s.revisionId FROM space s JOIN revisionPage rp ON rp.revisionId = s.revisionId
                    JOIN pageVersion pv ON pv.key = rp.pageVersion
                    WHERE s.id = ? AND s.deletedAt IS NULL AND pv.id = ? LIMIT 1
                    """,
                arguments: [spaceID, pageID]
            )
        }
    }

    /// Stores `rating` of `visitorID` on a page, replacing an earlier one; returns the stored row and whether it is new.
    public func savePageFeedback(
        organizationID: String,
        spaceID: String,
        pageID: String,
        visitorID: String,
        rating: FeedbackRating,
        revisionID: String?,
        at date: Date = Date()
    ) async throws -> (record: PageFeedbackRecord, created: Bool) {
        try await writer.write { db in
            let existing = try PageFeedbackRecord.fetchOne(db, key: ["spaceId": spaceID, "pageId": pageID, "visitorId": visitorID])
            let record = PageFeedbackRecord(
                organizationId: organizationID,
                spaceId: spaceID,
                pageId: pageID,
                visitorId: visitorID,
                rating: rating,
                revisionId: revisionID,
                createdAt: existing?.createdAt ?? date,
                updatedAt: date
            )
            try record.save(db)
            return (record, existing == nil)
        }
    }

    /// The rating of `visitorID` on a page; `nil` when there is none.
    public func pageFeedback(spaceID: String, pageID: String, visitorID: String) async throws -> PageFeedbackRecord? {
        try await writer.read { db in try PageFeedbackRecord.fetchOne(db, key: ["spaceId": spaceID, "pageId": pageID, "visitorId": visitorID]) }
    }

    /// Stores tracked site events in one transaction.
    public func appendInsightsEvents(_ events: [InsightsEventRecord]) async throws {
        try await writer.write { db in
            for var event in events { try event.insert(db) }
        }
    }

    /// The events of `siteID` of `organizationID` since `date`, oldest first, at most `limit`; with `spaces`, only
    /// those about one of these spaces (a space-limited token's).
    public func insightsEvents(
        organizationID: String,
        siteID: String,
        since date: Date,
        spaces: Set<String>?,
        limit: Int
    ) async throws
        -> [InsightsEventRecord]
    {
        try await writer.read { db in
            var request = InsightsEventRecord.filter(
                Column("organizationId") == organizationID && Column("siteId") == siteID && Column("createdAt") >= date
            )
            if let spaces { request = request.filter(spaces.contains(Column("spaceId"))) }
            return try request.order(Column("createdAt"), Column("id")).limit(max(0, limit)).fetchAll(db)
        }
    }
}
