import Foundation
import GRDB

/// A row of `chunkContent`: a chunk's blocks (`EncodedChunks`' JSON), once per content hash.
struct ChunkContentRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "chunkContent"

    var contentHash: String
    var blocks: Data

    enum Columns {
        static let contentHash = Column(CodingKeys.contentHash)
        static let blocks = Column(CodingKeys.blocks)
    }
}
