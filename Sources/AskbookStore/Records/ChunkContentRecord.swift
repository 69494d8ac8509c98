import Foundation
import GRDB

/// A row of `chunkContent`: a chunk's blocks and breadcrumb (`BlockEncoding`) and its word features
/// (`SparseFeatures.words().serialized()`, what the exact BM25 rerank needs), once per content hash; content stored
/// before migration `v10-chunk-breadcrumb` has no breadcrumb.
struct ChunkContentRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "chunkContent"

    var contentHash: String
    var blocks: Data
    var breadcrumb: Data?
    var words: Data?

    enum Columns {
        static let contentHash = Column(CodingKeys.contentHash)
        static let blocks = Column(CodingKeys.blocks)
        static let breadcrumb = Column(CodingKeys.breadcrumb)
        static let words = Column(CodingKeys.words)
    }
}
