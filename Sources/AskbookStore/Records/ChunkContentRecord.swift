import Foundation
import GRDB

/// A row of `chunkContent`: a chunk's blocks and hashed features, stored once per content hash and shared by every
/// revision that has the same chunk, so an unchanged re-import writes no content.
public struct ChunkContentRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "chunkContent"

    /// SHA-256 of the model, language, breadcrumb and text.
    public var contentHash: String
    /// The chunk's blocks as JSON.
    public var blocks: Data
    /// Serialized `SparseFeatures`.
    public var features: Data

    public enum Columns {
        static let contentHash = Column(CodingKeys.contentHash)
    }
}
