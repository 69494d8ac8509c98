/// Where a space sits in the GitBook site (`docs.yaml`) it was imported from.
///
/// A site has sections, each with one or more spaces (variants such as languages or versions); a section's default
/// content is its space marked `default: true`, else its first space. A space outside any section is default content
/// itself. Searching a site "by default" covers the default content only.
public struct SiteMembership: Sendable, Hashable {
    /// The site's id as given to the import (the prefix of its spaces' ids).
    public var siteID: String
    /// The site's title from `docs.yaml` (`site.title`), else the folder's name.
    public var siteTitle: String
    /// The title (else key or path) of the section the space is in; `nil` outside any section.
    public var section: String?
    /// Whether the space is its section's default content.
    public var isDefault: Bool
    /// The space's place in the site, from 0, in `docs.yaml` order.
    public var position: Int

    public init(siteID: String, siteTitle: String, section: String?, isDefault: Bool, position: Int) {
        self.siteID = siteID
        self.siteTitle = siteTitle
        self.section = section
        self.isDefault = isDefault
        self.position = position
    }
}
