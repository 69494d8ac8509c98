import Foundation
import GRDB

/// A row of `pageVersionChunk`: a chunk of a page version in reading order. The text, breadcrumb, word features and
/// vector are stored once per `contentHash` (`chunkContent`), shared by every page version that has the same chunk.
///
/// The import inserts these rows with a cached statement and the snapshot load reads them joined with their content;
/// the record names the table and its columns for both.
struct PageVersionChunkRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "pageVersionChunk"

    var pageVersion: String
    var position: Int
    var sectionId: String
    var sectionTitle: String
    var contentHash: String

    enum Columns {
        static let pageVersion = Column(CodingKeys.pageVersion)
        static let position = Column(CodingKeys.position)
        static let contentHash = Column(CodingKeys.contentHash)
    }
}
