import Foundation
import GRDB

/// A query of the top searches: how often it was searched and what it found.
public struct TopQuery: Sendable, Hashable, Codable {
    /// The query as grouped (`QueryLogEntry.normalize`).
    public var query: String
    public var searches: Int
    /// The most results, pages and sections any of its searches found.
    public var hits: Int
    public var pageHits: Int
    public var sectionHits: Int
    public var lastAt: Date
}

extension Store {
    /// Writes `entries` to the query log in one transaction.
    public func appendQueryLog(_ entries: [QueryLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await writer.write { db in
            // Statements prepared once per connection, not once per row.
            let insertEntry = try db.cachedStatement(
                sql: """
                    INSERT INTO queryLog (organizationId, kind, createdAt, query, normalizedQuery, resultCount, pageHits, sectionHits,
                        abstained, latencyMilliseconds, answerId, siteId, origin, clientAddress)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            let insertSpace = try db.cachedStatement(sql: "INSERT INTO queryLogSpace (entryId, spaceId) VALUES (?, ?)")
            let insertPage = try db.cachedStatement(sql: "INSERT INTO queryLogPage (entryId, position, spaceId, pageId, path) VALUES (?, ?, ?, ?, ?)")
            for entry in entries {
                try insertEntry.execute(
                    arguments: [
                        entry.organizationID, entry.kind.rawValue, entry.createdAt, entry.query, QueryLogEntry.normalize(entry.query),
                        entry.resultCount, entry.pageHits, entry.sectionHits, entry.abstained, entry.latencyMilliseconds, entry.answerID,
                        entry.siteID, entry.origin.rawValue, entry.clientAddress,
                    ]
                )
                let id = db.lastInsertedRowID
                for space in Set(entry.spaces) {
                    try insertSpace.execute(arguments: [id, space])
                }
                for (position, page) in entry.pages.enumerated() {
                    try insertPage.execute(arguments: [id, position, page.spaceId, page.pageId, page.path])
                }
            }
        }
    }

    /// How many entries the query log holds (all organizations).
    public func queryLogCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM queryLog") ?? 0 }
    }

    /// The number of entries `filter` selects, and its `limit` most frequent queries, most searched first.
    public func topQueries(_ filter: InsightsFilter, limit: Int) async throws -> (searches: Int, queries: [TopQuery]) {
        guard let (clause, arguments) = filter.sql() else { return (0, []) }
        return try await writer.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM queryLog q WHERE \(clause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT q.normalizedQuery AS query, COUNT(*) AS searches, MAX(q.resultCount) AS hits, MAX(q.pageHits) AS pageHits,
                        MAX(q.sectionHits) AS sectionHits, MAX(q.createdAt) AS lastAt
                    FROM queryLog q WHERE \(clause)
                    GROUP BY q.normalizedQuery ORDER BY searches DESC, lastAt DESC, query LIMIT ?
                    """,
                arguments: arguments + [max(0, limit)]
            )
            let queries = rows.map { row in
                TopQuery(
                    query: row["query"],
                    searches: row["searches"],
                    hits: row["hits"],
                    pageHits: row["pageHits"],
                    sectionHits: row["sectionHits"],
                    lastAt: row["lastAt"]
                )
            }
            return (total, queries)
        }
    }

    /// The newest `limit` entries `filter` selects that went unanswered: an ask that abstained or that the
    /// organization rated `bad`, or a search that found nothing; each with its pages and rating.
    public func unansweredQueries(_ filter: InsightsFilter, limit: Int) async throws -> [QueryLogEntry] {
        guard let (clause, arguments) = filter.sql() else { return [] }
        return try await writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT q.*, f.rating AS rating FROM queryLog q
                    LEFT JOIN answerFeedback f ON f.organizationId = q.organizationId AND f.answerId = q.answerId
                    WHERE \(clause) AND (q.abstained = 1 OR f.rating = 'bad')
                    ORDER BY q.createdAt DESC, q.id DESC LIMIT ?
                    """,
                arguments: arguments + [max(0, limit)]
            )
            var entries = try rows.map { row in
                var entry = QueryLogEntry(
                    kind: QueryLogEntry.Kind(rawValue: row["kind"]) ?? .ask,
                    organizationID: row["organizationId"],
                    createdAt: row["createdAt"],
                    spaces: try String.fetchAll(
                        db,
                        sql: "SELECT spaceId FROM queryLogSpace WHERE entryId = ? ORDER BY spaceId",
                        arguments: [row["id"]]
                    ),
                    query: row["query"],
                    resultCount: row["resultCount"],
                    pageHits: row["pageHits"],
                    sectionHits: row["sectionHits"],
                    abstained: row["abstained"],
                    pages: [],
                    latencyMilliseconds: row["latencyMilliseconds"],
                    answerID: row["answerId"],
                    siteID: row["siteId"],
                    origin: QueryLogEntry.Origin(rawValue: row["origin"]) ?? .http,
                    clientAddress: row["clientAddress"]
                )
                entry.id = row["id"]
                entry.rating = (row["rating"] as String?).flatMap(FeedbackRating.init(rawValue:))
                return entry
            }
            for index in entries.indices {
                let pages = try Row.fetchAll(
                    db,
                    sql: "SELECT spaceId, pageId, path FROM queryLogPage WHERE entryId = ? ORDER BY position",
                    arguments: [entries[index].id]
                )
                entries[index].pages = pages.map { QueryLogEntry.Page(spaceId: $0["spaceId"], pageId: $0["pageId"], path: $0["path"]) }
            }
            return entries
        }
    }

    /// Deletes the query log entries, answer and page feedback and site events older than `date`; returns how many
    /// rows went (entries, feedback and events together).
    @discardableResult
    public func purgeInsights(before date: Date) async throws -> Int {
        try await writer.write { db in
            var removed = 0
            for sql in [
                "DELETE FROM queryLog WHERE createdAt < ?",
                "DELETE FROM answerFeedback WHERE updatedAt < ?",
                "DELETE FROM pageFeedback WHERE updatedAt < ?",
                "DELETE FROM insightsEvent WHERE createdAt < ?",
            ] {
                try db.execute(sql: sql, arguments: [date])
                removed += db.changesCount
            }
            return removed
        }
    }
}
