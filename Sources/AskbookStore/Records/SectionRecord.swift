import GRDB

/// A row of `section`: a heading of a page in one revision.
public struct SectionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "section"

    public var revisionId: String
    public var pageId: String
    /// Order within the page.
    public var position: Int
    /// Anchor, unique in the page (empty for the preamble).
    public var id: String
    public var title: String
    public var level: Int

    public enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let pageId = Column(CodingKeys.pageId)
        static let position = Column(CodingKeys.position)
    }
}
