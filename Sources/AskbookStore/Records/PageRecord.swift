import GRDB

/// A page of one revision: its version (`pageVersion`) at its place in the revision (`revisionPage`). Its `id` is
/// stable across revisions for the same path.
public struct PageRecord: Codable, Sendable, Hashable, FetchableRecord {
    public var revisionId: String
    public var id: String
    public var path: String
    public var title: String
    public var description: String?
    public var sourcePath: String
    public var parentPath: String?
    /// Reading order within the revision.
    public var position: Int

    /// `SELECT \(selection) FROM \(source) WHERE revisionPage.revisionId = ?` fetches a revision's pages.
    static let selection = """
        revisionPage.revisionId, pageVersion.id, pageVersion.path, pageVersion.title, pageVersion.description,
        pageVersion.sourcePath, pageVersion.parentPath, revisionPage.position
        """
    static let source = "revisionPage JOIN pageVersion ON pageVersion.key = revisionPage.pageVersion"
}
