import GRDB

/// A row of `siteSpace`: one space of a site, with its section and whether it is that section's default content.
public struct SiteSpaceRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "siteSpace"

    /// Stable across re-imports: derived from the site's and the space's ids.
    public var id: String
    public var siteId: String
    public var spaceId: String
    /// The section's title (else key or path); `nil` outside any section.
    public var section: String?
    public var isDefault: Bool
    /// Place in the site, from 0, in `docs.yaml` order.
    public var position: Int

    public enum Columns {
        static let siteId = Column(CodingKeys.siteId)
        static let position = Column(CodingKeys.position)
    }
}
