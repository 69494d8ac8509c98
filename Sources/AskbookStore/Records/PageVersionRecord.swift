import Foundation
import GRDB

/// A row of `pageVersion`: one version of a page (migration `v15-page-versions`), shared by every revision that has
/// the page unchanged (`revisionPage`). Its headings are rows of `pageVersionSection`, its chunks rows of
/// `pageVersionChunk`.
///
/// `key` is `PageVersions.key`: a SHA-256 of the page's id, path, titles, markdown, headings and chunk content hashes,
/// so equal keys are equal pages. (Versions converted by the migration are keyed `revision/page` instead.)
struct PageVersionRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "pageVersion"

    var key: String
    /// The page's id, stable across revisions for the same path.
    var id: String
    var path: String
    var title: String
    var description: String?
    var sourcePath: String
    var parentPath: String?
    /// The page's published markdown; `nil` when it was imported before pages kept it.
    var markdown: String?

    enum Columns {
        static let key = Column(CodingKeys.key)
        static let id = Column(CodingKeys.id)
        static let path = Column(CodingKeys.path)
    }
}
