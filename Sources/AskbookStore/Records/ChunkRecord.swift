import Foundation
import GRDB

/// A row of `chunk`: the embedded unit, with its blocks, hashed features (reused by content hash on re-import)
/// and its unit vector as little-endian Float32 bytes.
public struct ChunkRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "chunk"

    public var id: Int64?
    public var revisionId: String
    public var pageId: String
    public var sectionId: String
    public var sectionTitle: String
    /// Order within the revision (page, section, chunk).
    public var position: Int
    /// The chunk's blocks as JSON.
    public var blocks: Data
    public var contentHash: String
    /// Serialized `SparseFeatures`.
    public var features: Data
    public var vector: Data

    public enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let position = Column(CodingKeys.position)
        static let contentHash = Column(CodingKeys.contentHash)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
