import Foundation
import GRDB

/// A row of `space`: one body of documentation with GitBook's `Space` fields and its current revision.
public struct SpaceRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "space"

    public var id: String
    public var organizationId: String
    public var title: String
    public var emoji: String?
    public var icon: String?
    /// GitBook `ContentVisibility`.
    public var visibility: String
    public var editMode: SpaceEditMode
    public var defaultLevel: DefaultLevel
    /// Snowball language used for this space's features.
    public var language: String
    /// The revision readers see; `nil` until the first import commits.
    public var revisionId: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Set by a soft delete; the space is purged after the retention period.
    public var deletedAt: Date?

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let organizationId = Column(CodingKeys.organizationId)
        static let revisionId = Column(CodingKeys.revisionId)
        static let deletedAt = Column(CodingKeys.deletedAt)
    }
}
