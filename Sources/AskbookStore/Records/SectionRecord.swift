import GRDB

/// A heading of a page in one revision: a row of `pageVersionSection` of the page's version.
public struct SectionRecord: Codable, Sendable, Hashable, FetchableRecord {
    public var revisionId: String
    public var pageId: String
    /// Order within the page.
    public var position: Int
    /// Anchor, unique in the page (empty for the preamble).
    public var id: String
    public var title: String
    public var level: Int

    /// `SELECT \(selection) FROM \(source) WHERE revisionPage.revisionId = ?` fetches a revision's headings.
    static let selection = """
        revisionPage.revisionId, pageVersion.id AS pageId, pageVersionSection.position, pageVersionSection.id,
        pageVersionSection.title, pageVersionSection.level
        """
    static let source = """
        revisionPage JOIN pageVersion ON pageVersion.key = revisionPage.pageVersion
        JOIN pageVersionSection ON pageVersionSection.pageVersion = revisionPage.pageVersion
        """
}
