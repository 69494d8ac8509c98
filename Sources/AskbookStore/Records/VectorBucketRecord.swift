import Foundation
import GRDB

/// A row of `vectorBucket`: buckets `firstBucket ..< firstBucket + bucketCount` of every chunk vector of one matrix,
/// as one little-endian Float32 BLOB, bucket after bucket, chunks in order within a bucket. A revision's matrix is a
/// few such rows, keyed by `EmbeddedSpace.matrixKey`: the bucket-major layout the index scores, so loading copies
/// each BLOB into place without decoding or transposing, no BLOB exceeds `Store.maxBlobFloats` floats (well under
/// SQLite's 1 GB limit), and an unchanged re-import reuses the rows.
struct VectorBucketRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "vectorBucket"

    var matrixKey: String
    var firstBucket: Int
    var bucketCount: Int
    var data: Data

    enum Columns {
        static let matrixKey = Column(CodingKeys.matrixKey)
        static let firstBucket = Column(CodingKeys.firstBucket)
        static let bucketCount = Column(CodingKeys.bucketCount)
        static let data = Column(CodingKeys.data)
    }
}
