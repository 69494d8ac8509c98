import AskbookCore
import Foundation
import GRDB

extension Store {
    /// Checks that an import into `spaceID` by `organizationID` may be committed: the space is new, or that
    /// organization's and not deleted.
    ///
    /// - Throws: `AskbookError.spaceOfAnotherOrganization` or `.deletedSpace`.
    public func checkImportable(spaceID: String, organizationID: String) async throws {
        guard let existing = try await space(id: spaceID) else { return }
        try Self.checkImportable(existing, organizationID: organizationID)
    }

    private static func checkImportable(_ space: SpaceRecord, organizationID: String) throws {
        guard space.organizationId == organizationID else {
            throw AskbookError.spaceOfAnotherOrganization(space.id)
        }
        guard space.deletedAt == nil else {
            throw AskbookError.deletedSpace(space.id)
        }
    }

    /// Writes `embedded` as a new revision and switches the space to it, in one transaction; the space's older
    /// revisions are deleted in the same transaction. Creates the space on its first import.
    ///
    /// - Throws: `AskbookError.spaceOfAnotherOrganization` or `.deletedSpace`.
    /// - Returns: the new revision's id.
    @discardableResult
    public func commit(_ embedded: EmbeddedSpace, model: VectorizerModel, organizationID: String, title: String?) async throws -> String {
        let revisionID = Self.newID()
        let now = Date()
        let encoded = EncodedChunks(embedded)
        let vocabulary = embedded.vocabulary.serialized()
        try await writer.write { db in
            // The chunk rows go into three indexes keyed by content hash, in hash order, which is random: with SQLite's
            // default 2 MB page cache a large space's inserts re-read the same index pages from the file. A larger
            // cache for the import, given back at the end, keeps them.
            try db.execute(sql: "PRAGMA cache_size = -131072")
            defer {
                try? db.execute(sql: "PRAGMA cache_size = -2000")
                try? db.execute(sql: "PRAGMA shrink_memory")
            }
            let spaceID = embedded.content.spaceId
            var space: SpaceRecord
            if let existing = try SpaceRecord.fetchOne(db, key: spaceID) {
                try Self.checkImportable(existing, organizationID: organizationID)
                space = existing
                if let title { space.title = title }
            } else {
                space = SpaceRecord(
                    id: spaceID,
                    organizationId: organizationID,
                    title: title ?? embedded.content.title,
                    emoji: nil,
                    icon: nil,
                    visibility: "private",
                    editMode: .live,
                    defaultLevel: .inherit,
                    language: embedded.language,
                    revisionId: nil,
                    createdAt: now,
                    updatedAt: now,
                    deletedAt: nil
                )
                try space.insert(db)
            }
            try RevisionRecord(
                id: revisionID,
                spaceId: spaceID,
                createdAt: now,
                modelId: model.id,
                model: model.encoded(),
                language: embedded.language,
                idf: embedded.idf.serialized(),
                pageCount: embedded.content.pages.count,
                sectionCount: embedded.sectionCount,
                chunkCount: embedded.chunks.count,
                matrixKey: embedded.matrixKey
            ).insert(db)
            try RevisionVocabularyRecord(revisionId: revisionID, words: vocabulary).insert(db)
            // A cached statement rather than a record insert: a large space has a hundred thousand sections.
            let insertSection = try db.cachedStatement(
                sql: "INSERT INTO section (revisionId, pageId, position, id, title, level) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for (position, page) in embedded.content.pages.enumerated() {
                try PageRecord(
                    revisionId: revisionID,
                    id: page.id,
                    path: page.path,
                    title: page.title,
                    description: page.description,
                    sourcePath: page.sourcePath,
                    parentPath: page.parentPath,
                    position: position
                ).insert(db)
                if let markdown = page.markdown {
                    try PageMarkdownRecord(revisionId: revisionID, pageId: page.id, markdown: markdown).insert(db)
                }
                for (sectionPosition, section) in page.sections.enumerated() {
                    try insertSection.execute(arguments: [revisionID, page.id, sectionPosition, section.id, section.title, section.level])
                }
            }
            // Cached statements rather than record inserts and existence checks: one chunk costs one or two rows, and
            // content already stored (same hash) is kept, unless it was stored without its word features or vector
            // (before they were kept, or moved by a migration that could not move them), which this import fills in.
            let insertContent = try db.cachedStatement(
                sql: """
                    INSERT INTO chunkContent (contentHash, blocks, breadcrumb, words, vector) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (contentHash) DO UPDATE SET words = excluded.words, vector = excluded.vector
                    WHERE chunkContent.words IS NULL OR chunkContent.vector IS NULL
                    """
            )
            let insertChunk = try db.cachedStatement(
                sql: "INSERT INTO chunk (revisionId, position, pageId, sectionId, sectionTitle, contentHash) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for (position, chunk) in embedded.chunks.enumerated() {
                let page = embedded.content.pages[chunk.pageIndex]
                let section = page.sections[chunk.sectionIndex]
                if let row = encoded.rows[position] {
                    try insertContent.execute(arguments: [chunk.contentHash, row.blocks, row.breadcrumb, row.words, row.vector])
                }
                do {
                    try insertChunk.execute(arguments: [revisionID, position, page.id, section.id, section.title, chunk.contentHash])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                    // A reused chunk is the current revision's, whose content row was there when the import began; it
                    // has gone only if the space was purged meanwhile.
                    throw AskbookError.unreadableSource("the space's stored chunks went away during the import; import it again")
                }
            }
            let replacedRevisions = try String.fetchAll(
                db,
                sql: "SELECT id FROM revision WHERE spaceId = ? AND id != ?",
                arguments: [spaceID, revisionID]
            )
            space.revisionId = revisionID
            space.updatedAt = now
            try space.update(db)
            try RevisionRecord.filter(RevisionRecord.Columns.spaceId == spaceID && RevisionRecord.Columns.id != revisionID).deleteAll(db)
            if replacedRevisions.isEmpty {
                // A first import: no content lost a reference.
            } else if let replaced = embedded.replaced, replacedRevisions == [replaced.revisionID] {
                // Only content the replaced revision had more of can have lost its last reference: looked up by key,
                // not found by reading every stored chunk.
                let delete = try db.cachedStatement(
                    sql: "DELETE FROM chunkContent WHERE contentHash = ? AND NOT EXISTS (SELECT 1 FROM chunk WHERE chunk.contentHash = ?)"
                )
                for hash in replaced.fewerContentHashes { try delete.execute(arguments: [hash, hash]) }
            } else {
                try Self.deleteUnreferencedContent(db)
            }
        }
        return revisionID
    }

    /// Deletes chunk content (with its vector) that no revision refers to any more.
    static func deleteUnreferencedContent(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM chunkContent WHERE contentHash NOT IN (SELECT contentHash FROM chunk)")
    }
}
