import AskbookCore
import Foundation
import GRDB

extension Store {
    /// Bytes the database uses (its pages less the free ones), and of those the stored chunk vectors: what
    /// `askbook bench` reports per chunk.
    public func storageBytes() async throws -> (database: Int, vectors: Int) {
        try await writer.read { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let vectors = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(length(vector)), 0) FROM chunkContent") ?? 0
            return ((pages - free) * size, vectors)
        }
    }
}
