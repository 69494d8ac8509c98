import Foundation
import GRDB

/// A row of `revisionPage`: the page version at `position` (reading order) of a revision.
struct RevisionPageRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "revisionPage"

    var revisionId: String
    var position: Int
    var pageVersion: String

    enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let position = Column(CodingKeys.position)
        static let pageVersion = Column(CodingKeys.pageVersion)
    }
}
