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
        try await commit(embedded, model: model, organizationID: organizationID, title: title, pageVersions: nil)
    }

    /// `commit(_:model:organizationID:title:)` with the pages' versions already computed (`nil`: computed here).
    func commit(
        _ embedded: EmbeddedSpace,
        model: VectorizerModel,
        organizationID: String,
        title: String?,
        pageVersions: PageVersions?
    ) async throws -> String {
        let revisionID = Self.newID()
        let now = Date()
        let encoded = EncodedChunks(embedded)
        let versions = pageVersions ?? PageVersions(embedded)
        let vocabulary = embedded.vocabulary.serialized()
        try await writer.write { db in
            // The chunk rows go into indexes keyed by content hash, in hash order, which is random: with SQLite's
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
            // Cached statements rather than record inserts and existence checks: a large space has a hundred thousand
            // chunks. Content already stored (same hash) is kept, unless it was stored without its word features or
            // vector (before they were kept, or moved by a migration that could not move them), which this import
            // fills in.
            let insertContent = try db.cachedStatement(
                sql: """
                    INSERT INTO chunkContent (contentHash, blocks, breadcrumb, words, vector) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (contentHash) DO UPDATE SET words = excluded.words, vector = excluded.vector
                    WHERE chunkContent.words IS NULL OR chunkContent.vector IS NULL
                    """
            )
            for (position, chunk) in embedded.chunks.enumerated() {
                if let row = encoded.rows[position] {
                    try insertContent.execute(arguments: [chunk.contentHash, row.blocks, row.breadcrumb, row.words, row.vector])
                }
            }
            // A page version already stored (an unchanged page) has its headings and chunks: the revision only lists it.
            let insertVersion = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO pageVersion (key, id, path, title, description, sourcePath, parentPath, markdown)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            let insertSection = try db.cachedStatement(
                sql: "INSERT INTO pageVersionSection (pageVersion, position, id, title, level) VALUES (?, ?, ?, ?, ?)"
            )
            let insertChunk = try db.cachedStatement(
                sql: "INSERT INTO pageVersionChunk (pageVersion, position, sectionId, sectionTitle, contentHash) VALUES (?, ?, ?, ?, ?)"
            )
            let insertRevisionPage = try db.cachedStatement(sql: "INSERT INTO revisionPage (revisionId, position, pageVersion) VALUES (?, ?, ?)")
            for (position, page) in embedded.content.pages.enumerated() {
                let key = versions.keys[position]
                try insertVersion.execute(
                    arguments: [key, page.id, page.path, page.title, page.description, page.sourcePath, page.parentPath, page.markdown]
                )
                if db.changesCount > 0 {
                    for (sectionPosition, section) in page.sections.enumerated() {
                        try insertSection.execute(arguments: [key, sectionPosition, section.id, section.title, section.level])
                    }
                    for (chunkPosition, chunk) in embedded.chunks[versions.chunkRanges[position]].enumerated() {
                        let section = page.sections[chunk.sectionIndex]
                        do {
                            try insertChunk.execute(arguments: [key, chunkPosition, section.id, section.title, chunk.contentHash])
                        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                            // A reused chunk is the current revision's, whose content row was there when the import
                            // began; it has gone only if the space was purged meanwhile.
                            throw AskbookError.unreadableSource("the space's stored chunks went away during the import; import it again")
                        }
                    }
                }
                try insertRevisionPage.execute(arguments: [revisionID, position, key])
            }
            // The page versions only the replaced revisions list, found before those go.
            let lostVersions = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT revisionPage.pageVersion FROM revisionPage JOIN revision ON revision.id = revisionPage.revisionId
                    WHERE revision.spaceId = ? AND revision.id != ?
                    AND revisionPage.pageVersion NOT IN (SELECT pageVersion FROM revisionPage WHERE revisionId = ?)
                    """,
                arguments: [spaceID, revisionID, revisionID]
            )
            space.revisionId = revisionID
            space.updatedAt = now
            try space.update(db)
            try RevisionRecord.filter(RevisionRecord.Columns.spaceId == spaceID && RevisionRecord.Columns.id != revisionID).deleteAll(db)
            try Self.deleteUnreferenced(db, pageVersions: lostVersions)
        }
        return revisionID
    }

    /// Deletes the page versions among `pageVersions` that no revision lists any more, and the chunk content (with its
    /// vector) only they referred to: looked up by key, not found by reading every stored chunk.
    static func deleteUnreferenced(_ db: Database, pageVersions: [String]) throws {
        let chunksOf = try db.cachedStatement(sql: "SELECT contentHash FROM pageVersionChunk WHERE pageVersion = ?")
        let deleteVersion = try db.cachedStatement(
            sql: "DELETE FROM pageVersion WHERE key = ? AND NOT EXISTS (SELECT 1 FROM revisionPage WHERE revisionPage.pageVersion = ?)"
        )
        var hashes: Set<String> = []
        for key in pageVersions {
            let contentHashes = try String.fetchAll(chunksOf, arguments: [key])
            try deleteVersion.execute(arguments: [key, key])
            if db.changesCount > 0 { hashes.formUnion(contentHashes) }
        }
        let deleteContent = try db.cachedStatement(
            sql:
                "DELETE FROM chunkContent WHERE contentHash = ? AND NOT EXISTS (SELECT 1 FROM pageVersionChunk WHERE pageVersionChunk.contentHash = ?)"
        )
        for hash in hashes { try deleteContent.execute(arguments: [hash, hash]) }
    }

    /// Deletes every page version no revision lists and every chunk content no page version refers to.
    static func deleteUnreferencedContent(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM pageVersion WHERE key NOT IN (SELECT pageVersion FROM revisionPage)")
        try db.execute(sql: "DELETE FROM chunkContent WHERE contentHash NOT IN (SELECT contentHash FROM pageVersionChunk)")
    }
}
