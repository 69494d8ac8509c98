import AskbookCore
import Foundation
import GRDB

/// A page of a space's current revision, with its sections, for `llms.txt`, `page.md` and the MCP tools.
public struct StoredPage: Sendable, Hashable {
    /// The page's row: id, path, title, description, position in `SUMMARY.md` order.
    public var page: PageRecord
    /// Its headings in order: anchor (empty for the preamble), title and level.
    public var sections: [SectionRecord]
    /// Its published markdown; `nil` when the revision was imported before pages kept it.
    public var markdown: String?
}

extension Store {
    /// The pages of live space `spaceID`'s current revision in reading (`SUMMARY.md`) order; empty when the space is
    /// unknown, deleted or not imported.
    public func pages(spaceID: String) async throws -> [PageRecord] {
        try await writer.read { db in
            guard let revision = try Self.currentRevision(db, spaceID: spaceID) else { return [] }
            return try PageRecord.filter(PageRecord.Columns.revisionId == revision).order(PageRecord.Columns.position).fetchAll(db)
        }
    }

    /// Every page of live space `spaceID`'s current revision with its sections and markdown, in reading order.
    public func storedPages(spaceID: String) async throws -> [StoredPage] {
        try await writer.read { db in
            guard let revision = try Self.currentRevision(db, spaceID: spaceID) else { return [] }
            let pages = try PageRecord.filter(PageRecord.Columns.revisionId == revision).order(PageRecord.Columns.position).fetchAll(db)
            let sections = Dictionary(
                grouping: try SectionRecord.filter(SectionRecord.Columns.revisionId == revision).order(SectionRecord.Columns.position).fetchAll(db),
                by: \.pageId
            )
            let markdown = Dictionary(
                try PageMarkdownRecord.filter(PageMarkdownRecord.Columns.revisionId == revision).fetchAll(db).map { ($0.pageId, $0.markdown) },
                uniquingKeysWith: { first, _ in first }
            )
            return pages.map { StoredPage(page: $0, sections: sections[$0.id] ?? [], markdown: markdown[$0.id]) }
        }
    }

    /// The page of live space `spaceID`'s current revision whose path or id is `reference`; `nil` when none is.
    public func storedPage(spaceID: String, reference: String) async throws -> StoredPage? {
        try await writer.read { db in
            guard let revision = try Self.currentRevision(db, spaceID: spaceID) else { return nil }
            let request = PageRecord.filter(PageRecord.Columns.revisionId == revision)
            guard
                let page = try request.filter(PageRecord.Columns.path == reference).fetchOne(db)
                    ?? request.filter(PageRecord.Columns.id == reference).fetchOne(db)
            else { return nil }
            let sections = try SectionRecord.filter(SectionRecord.Columns.revisionId == revision && SectionRecord.Columns.pageId == page.id)
                .order(SectionRecord.Columns.position).fetchAll(db)
            let markdown = try PageMarkdownRecord.fetchOne(db, key: ["revisionId": revision, "pageId": page.id])?.markdown
            return StoredPage(page: page, sections: sections, markdown: markdown)
        }
    }

    private static func currentRevision(_ db: Database, spaceID: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT revisionId FROM space WHERE id = ? AND deletedAt IS NULL", arguments: [spaceID])
    }
}
