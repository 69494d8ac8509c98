import AskbookStore
@preconcurrency import Crypto
import Foundation

/// What the routes need for insights: the signer of answer ids, and the query log's queue (`nil` when insights are
/// off).
public struct Insights: Sendable {
    let answerIDs: AnswerIDs
    let log: InsightsLog?

    /// Insights whose answer ids are signed with `key` (`Store.insightsKey()`), recording into `log`.
    public init(key: Data, log: InsightsLog?) {
        answerIDs = AnswerIDs(key: SymmetricKey(data: key))
        self.log = log
    }

    /// Queues `entry` (with the caller's address only when configured), when the log is on.
    func record(_ entry: QueryLogEntry, context: AppRequestContext) {
        guard let log else { return }
        var entry = entry
        entry.clientAddress = log.recordsClientAddress ? context.clientAddress : nil
        log.record(entry)
    }
}
