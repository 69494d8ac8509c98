import Foundation
import GRDB

extension Store {
    /// The secret key that signs answer ids, made at random the first time it is asked for and kept in the database,
    /// so ids stay valid across restarts and between servers sharing the database.
    public func insightsKey() async throws -> Data {
        try await writer.write { db in
            if let key = try Data.fetchOne(db, sql: "SELECT key FROM insightsKey WHERE id = 1") { return key }
            var generator = SystemRandomNumberGenerator()
            let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            try db.execute(sql: "INSERT INTO insightsKey (id, key) VALUES (1, ?)", arguments: [key])
            return key
        }
    }

    /// Stores (or replaces) the feedback of `organizationID` on `answerID` and returns it as stored.
    public func saveAnswerFeedback(
        organizationID: String,
        answerID: String,
        rating: FeedbackRating,
        comment: String?,
        at date: Date = Date()
    ) async throws -> AnswerFeedbackRecord {
        try await writer.write { db in
            let existing = try AnswerFeedbackRecord.fetchOne(db, key: ["organizationId": organizationID, "answerId": answerID])
            let record = AnswerFeedbackRecord(
                organizationId: organizationID,
                answerId: answerID,
                rating: rating,
                comment: comment,
                createdAt: existing?.createdAt ?? date,
                updatedAt: date
            )
            try record.save(db)
            return record
        }
    }

    /// The feedback of `organizationID` on `answerID`; `nil` when it sent none.
    public func answerFeedback(organizationID: String, answerID: String) async throws -> AnswerFeedbackRecord? {
        try await writer.read { db in try AnswerFeedbackRecord.fetchOne(db, key: ["organizationId": organizationID, "answerId": answerID]) }
    }
}
