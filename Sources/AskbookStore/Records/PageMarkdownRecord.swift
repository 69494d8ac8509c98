import GRDB

/// A row of `pageMarkdown`: a page's published markdown in one revision (migration `v8-page-markdown`).
public struct PageMarkdownRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "pageMarkdown"

    public var revisionId: String
    public var pageId: String
    public var markdown: String

    public enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let pageId = Column(CodingKeys.pageId)
    }
}
