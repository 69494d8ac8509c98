import GRDB

/// A row of `chunk`: a revision's chunk in reading order. `position` is also the chunk's row in the revision's vector
/// matrix; the text, breadcrumb and word features are stored once per `contentHash` (`chunkContent`), shared by
/// every revision that has the same chunk.
///
/// The import inserts these rows with a cached statement (one or two rows per chunk) and the snapshot load reads
/// them joined with their content; the record names the table and its columns for both.
struct ChunkRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "chunk"

    var revisionId: String
    var position: Int
    var pageId: String
    var sectionId: String
    var sectionTitle: String
    var contentHash: String

    enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let position = Column(CodingKeys.position)
        static let pageId = Column(CodingKeys.pageId)
        static let sectionId = Column(CodingKeys.sectionId)
        static let sectionTitle = Column(CodingKeys.sectionTitle)
        static let contentHash = Column(CodingKeys.contentHash)
    }
}
