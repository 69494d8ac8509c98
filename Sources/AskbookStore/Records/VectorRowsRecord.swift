import Foundation
import GRDB

/// A row of `vectorRows`: chunk vectors `firstRow ..< firstRow + rowCount` of one matrix, as `QuantizedRows` stores
/// them (per chunk a scale, a bitmap of its non-zero buckets and their 8-bit codes, ~1.3 KB at D 4,096). A revision's
/// matrix is a few such rows, keyed by `EmbeddedSpace.matrixKey`, so revisions with the same chunks share it and an
/// unchanged re-import reuses it; runs of `Store.rowsPerVectorRun` keep each BLOB far under SQLite's 1 GB limit and
/// let a load decode them on every core.
struct VectorRowsRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "vectorRows"

    var matrixKey: String
    var firstRow: Int
    var rowCount: Int
    var data: Data

    enum Columns {
        static let matrixKey = Column(CodingKeys.matrixKey)
        static let firstRow = Column(CodingKeys.firstRow)
        static let rowCount = Column(CodingKeys.rowCount)
        static let data = Column(CodingKeys.data)
    }
}
