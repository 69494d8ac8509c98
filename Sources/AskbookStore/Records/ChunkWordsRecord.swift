import Foundation
import GRDB

/// A row of `chunkWords`: a chunk's word features only (`SparseFeatures.words().serialized()`), what the exact BM25
/// rerank needs, read by every snapshot load.
struct ChunkWordsRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "chunkWords"

    var contentHash: String
    var words: Data

    enum Columns {
        static let contentHash = Column(CodingKeys.contentHash)
        static let words = Column(CodingKeys.words)
    }
}
