import Foundation
import GRDB

/// A row of `revision`: one import of a space, with the model that built its vectors and its document frequencies.
public struct RevisionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "revision"

    public var id: String
    public var spaceId: String
    public var createdAt: Date
    /// Id of the vectorizer model (`hashed-v3`).
    public var modelId: String
    /// The full model file as JSON, so queries use exactly the model that built the vectors.
    public var model: Data
    public var language: String
    /// Serialized `IDFTable` of this revision's chunks.
    public var idf: Data
    public var pageCount: Int
    public var sectionCount: Int
    public var chunkCount: Int
    /// Identifies this revision's chunk sequence (`EmbeddedSpace.matrixKey`). It keyed the stored matrix until migration
    /// v14 moved each vector beside its chunk's content; nothing reads it now.
    public var matrixKey: String

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let spaceId = Column(CodingKeys.spaceId)
    }
}
