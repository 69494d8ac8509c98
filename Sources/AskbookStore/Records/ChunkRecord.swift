import GRDB

/// A row of `chunk`: a revision's reference to its chunk content, in reading order.
///
/// The row of the revision's vector matrix with the same `position` is this chunk's vector.
public struct ChunkRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "chunk"

    public var revisionId: String
    /// Order within the revision (page, section, chunk), from 0; also the chunk's row in the matrix.
    public var position: Int
    public var pageId: String
    public var sectionId: String
    public var sectionTitle: String
    public var contentHash: String

    public enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let position = Column(CodingKeys.position)
        static let contentHash = Column(CodingKeys.contentHash)
    }
}
