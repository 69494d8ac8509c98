import AskbookCore
import Foundation
import GRDB

extension Store {
    /// Records the site of `contents` (spaces imported from one `docs.yaml` folder, each with its `site`
    /// membership) for `organizationID`, replacing its previous spaces; does nothing for spaces without a site.
    ///
    /// - Throws: `AskbookError.siteOfAnotherOrganization` when a site with that id belongs to another organization.
    public func saveSite(of contents: [SpaceContent], organizationID: String) async throws {
        guard let first = contents.first?.site else { return }
        let now = Date()
        try await writer.write { db in
            let existing = try SiteRecord.fetchOne(db, key: first.siteID)
            if let existing, existing.organizationId != organizationID {
                throw AskbookError.siteOfAnotherOrganization(first.siteID)
            }
            try SiteRecord(
                id: first.siteID,
                organizationId: organizationID,
                title: first.siteTitle,
                createdAt: existing?.createdAt ?? now,
                updatedAt: now
            ).save(db)
            try SiteSpaceRecord.filter(SiteSpaceRecord.Columns.siteId == first.siteID).deleteAll(db)
            for content in contents {
                guard let site = content.site else { continue }
                try SiteSpaceRecord(
                    id: StableID.make("siteSpace", site.siteID, content.spaceId),
                    siteId: site.siteID,
                    spaceId: content.spaceId,
                    section: site.section,
                    isDefault: site.isDefault,
                    position: site.position
                ).insert(db)
            }
        }
    }

    /// Refuses, before anything is written, a site id that another organization has.
    ///
    /// - Throws: `AskbookError.siteOfAnotherOrganization`.
    public func checkSiteImportable(id: String, organizationID: String) async throws {
        if let existing = try await site(id: id), existing.organizationId != organizationID { throw AskbookError.siteOfAnotherOrganization(id) }
    }

    /// Every site, of `organizationID` when given, by id.
    public func sites(organizationID: String? = nil) async throws -> [SiteRecord] {
        try await writer.read { db in
            var request = SiteRecord.order(SiteRecord.Columns.id)
            if let organizationID { request = request.filter(SiteRecord.Columns.organizationId == organizationID) }
            return try request.fetchAll(db)
        }
    }

    /// The site with `id`; `nil` when unknown.
    public func site(id: String) async throws -> SiteRecord? {
        try await writer.read { db in try SiteRecord.fetchOne(db, key: id) }
    }

    /// The spaces of site `siteID`, in site order.
    public func siteSpaces(siteID: String) async throws -> [SiteSpaceRecord] {
        try await writer.read { db in
            try SiteSpaceRecord.filter(SiteSpaceRecord.Columns.siteId == siteID).order(SiteSpaceRecord.Columns.position).fetchAll(db)
        }
    }
}
