import Foundation
import GRDB

/// A row of `site`: a GitBook site imported from a `docs.yaml` folder, whose spaces are its `siteSpace` rows.
public struct SiteRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "site"

    /// The id given to the import (the prefix of the site's space ids).
    public var id: String
    public var organizationId: String
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let organizationId = Column(CodingKeys.organizationId)
    }
}
