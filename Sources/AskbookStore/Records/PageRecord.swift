import GRDB

/// A row of `page`: a page of one revision. Its `id` is stable across revisions for the same path.
public struct PageRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "page"

    public var revisionId: String
    public var id: String
    public var path: String
    public var title: String
    public var description: String?
    public var sourcePath: String
    public var parentPath: String?
    /// Reading order within the revision.
    public var position: Int

    public enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let position = Column(CodingKeys.position)
        static let path = Column(CodingKeys.path)
        static let id = Column(CodingKeys.id)
    }
}
