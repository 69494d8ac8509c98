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
            return try Self.pages(db, revisionID: revision)
        }
    }

    /// Every page of live space `spaceID`'s current revision with its sections and markdown, in reading order.
    public func storedPages(spaceID: String) async throws -> [StoredPage] {
        try await writer.read { db in
            guard let revision = try Self.currentRevision(db, spaceID: spaceID) else { return [] }
            // The pages with their markdown, in one read of the revision's versions.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(PageRecord.selection), pageVersion.markdown FROM \(PageRecord.source)
                    WHERE revisionPage.revisionId = ? ORDER BY revisionPage.position
                    """,
                arguments: [revision]
            )
            let sections = Dictionary(
                grouping: try SectionRecord.fetchAll(
                    db,
                    sql: """
                        SELECT \(SectionRecord.selection) FROM \(SectionRecord.source)
                        WHERE revisionPage.revisionId = ? ORDER BY revisionPage.position, pageVersionSection.position
                        """,
                    arguments: [revision]
                ),
                by: \.pageId
            )
            return try rows.map { row in
                let page = try PageRecord(row: row)
                return StoredPage(page: page, sections: sections[page.id] ?? [], markdown: row["markdown"])
            }
        }
    }

    /// The page of live space `spaceID`'s current revision whose path or id is `reference`; `nil` when none is.
    public func storedPage(spaceID: String, reference: String) async throws -> StoredPage? {
        try await writer.read { db in
            guard let revision = try Self.currentRevision(db, spaceID: spaceID) else { return nil }
            func version(where column: String) throws -> Row? {
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(PageRecord.selection), pageVersion.markdown FROM \(PageRecord.source)
                        WHERE revisionPage.revisionId = ? AND pageVersion.\(column) = ? ORDER BY revisionPage.position LIMIT 1
                        """,
                    arguments: [revision, reference]
                )
            }
            guard let row = try version(where: "path") ?? version(where: "id") else { return nil }
            let page = try PageRecord(row: row)
            let sections = try SectionRecord.fetchAll(
                db,
                sql: """
                    SELECT \(SectionRecord.selection) FROM \(SectionRecord.source)
                    WHERE revisionPage.revisionId = ? AND revisionPage.position = ? ORDER BY pageVersionSection.position
                    """,
                arguments: [revision, page.position]
            )
            return StoredPage(page: page, sections: sections, markdown: row["markdown"])
        }
    }

    /// The pages of revision `revisionID` in reading order.
    static func pages(_ db: Database, revisionID: String) throws -> [PageRecord] {
        try PageRecord.fetchAll(
            db,
            sql: "SELECT \(PageRecord.selection) FROM \(PageRecord.source) WHERE revisionPage.revisionId = ? ORDER BY revisionPage.position",
            arguments: [revisionID]
        )
    }

    private static func currentRevision(_ db: Database, spaceID: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT revisionId FROM space WHERE id = ? AND deletedAt IS NULL", arguments: [spaceID])
    }
}
