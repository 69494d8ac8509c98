import Foundation
import GRDB

/// A row of `chunkContent`: a chunk's blocks, stored once per content hash and shared by every revision that has the
/// same chunk, so an unchanged re-import writes no content. Its features are in `chunkFeatures` (all, for reuse on
/// re-import) and `chunkWords` (the word features the snapshot keeps), under the same hash.
public struct ChunkContentRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "chunkContent"

    /// SHA-256 of the model, language, breadcrumb and text.
    public var contentHash: String
    /// The chunk's blocks as JSON.
    public var blocks: Data

    public enum Columns {
        static let contentHash = Column(CodingKeys.contentHash)
    }
}
