import Foundation
import GRDB

/// A row of `vectorBucket`: bucket `bucket` of every chunk vector of one matrix, as one little-endian Float32 BLOB
/// (`rows` values, in chunk order). A revision's matrix is `dimension` such rows, keyed by `EmbeddedSpace.matrixKey`:
/// the bucket-major layout the index scores, so loading copies each BLOB into place without decoding or transposing,
/// no BLOB comes near SQLite's 1 GB limit, and an unchanged re-import reuses the rows.
struct VectorBucketRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "vectorBucket"

    var matrixKey: String
    var bucket: Int
    var data: Data
}
