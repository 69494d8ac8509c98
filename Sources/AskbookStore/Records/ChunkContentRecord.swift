import Foundation
import GRDB

/// A row of `chunkContent`: a chunk's blocks and breadcrumb (`EncodedChunks`' JSON), once per content hash; content
/// stored before migration `v10-chunk-breadcrumb` has no breadcrumb.
struct ChunkContentRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "chunkContent"

    var contentHash: String
    var blocks: Data
    var breadcrumb: Data?

    enum Columns {
        static let contentHash = Column(CodingKeys.contentHash)
        static let blocks = Column(CodingKeys.blocks)
        static let breadcrumb = Column(CodingKeys.breadcrumb)
    }
}
