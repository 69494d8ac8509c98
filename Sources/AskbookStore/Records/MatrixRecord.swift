import Foundation
import GRDB

/// A row of `matrix`: a revision's chunk vectors as one row-major little-endian Float32 BLOB, keyed by
/// `EmbeddedSpace.matrixKey`, so the snapshot copies it into memory in one piece and an unchanged re-import reuses it.
public struct MatrixRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "matrix"

    public var key: String
    public var dimension: Int
    public var rows: Int
    public var data: Data

    public enum Columns {
        static let key = Column(CodingKeys.key)
    }
}
