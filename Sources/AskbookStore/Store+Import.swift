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
        let stored = try await writer.read { db in try Self.hasVectors(db, matrixKey: embedded.matrixKey) }
        let encoded = EncodedChunks(embedded, vectors: !stored)
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
            // Cached statements rather than record inserts and existence checks: one chunk costs one or two rows,
            // and content already stored (same hash) is skipped by the primary key.
            let insertContent = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO chunkContent (contentHash, blocks, breadcrumb, words) VALUES (?, ?, ?, ?)"
            )
            let insertChunk = try db.cachedStatement(
                sql: "INSERT INTO chunk (revisionId, position, pageId, sectionId, sectionTitle, contentHash) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for (position, chunk) in embedded.chunks.enumerated() {
                let page = embedded.content.pages[chunk.pageIndex]
                let section = page.sections[chunk.sectionIndex]
                // A reused chunk is the current revision's, whose content rows are still there.
                if let row = encoded.rows[position] {
                    try insertContent.execute(arguments: [chunk.contentHash, row.blocks, row.breadcrumb, row.words])
                }
                try insertChunk.execute(arguments: [revisionID, position, page.id, section.id, section.title, chunk.contentHash])
            }
            if try !Self.hasVectors(db, matrixKey: embedded.matrixKey) {
                // Built beforehand unless the matrix was stored when this import began (and has gone since, with the
                // space purged meanwhile). An update from the previous revision then has no features for the chunks
                // it kept, so it cannot build them here.
                if encoded.vectors == nil, embedded.prebuiltVectors == nil, embedded.chunks.contains(where: { $0.reused && $0.features.count == 0 }) {
                    throw AskbookError.unreadableSource("the space's stored vectors went away during the import; import it again")
                }
                try Self.insertVectors(db, matrixKey: embedded.matrixKey, runs: encoded.vectors ?? Self.vectorRuns(of: embedded))
            }
            space.revisionId = revisionID
            space.updatedAt = now
            try space.update(db)
            try RevisionRecord.filter(RevisionRecord.Columns.spaceId == spaceID && RevisionRecord.Columns.id != revisionID).deleteAll(db)
            try Self.deleteUnreferencedContent(db)
        }
        return revisionID
    }

    /// Deletes chunk content and matrices that no revision refers to any more.
    static func deleteUnreferencedContent(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM chunkContent WHERE contentHash NOT IN (SELECT contentHash FROM chunk)")
        try db.execute(sql: "DELETE FROM vectorRows WHERE matrixKey NOT IN (SELECT matrixKey FROM revision)")
    }
}
