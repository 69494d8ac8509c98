import Foundation
import GRDB

/// A row of `chunkFeatures`: a chunk's full features (`SparseFeatures.serialized()`: words, bigrams, character
/// n-grams), read only to reuse them when an unchanged chunk is imported again.
struct ChunkFeaturesRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "chunkFeatures"

    var contentHash: String
    var features: Data

    enum Columns {
        static let contentHash = Column(CodingKeys.contentHash)
        static let features = Column(CodingKeys.features)
    }
}
