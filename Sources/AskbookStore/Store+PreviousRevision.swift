import AskbookCore
import Foundation
import GRDB

extension Store {
    /// What re-importing `spaceID` as `next` (the new chunks' content hashes, in order) needs of its current revision
    /// to update it rather than analyse every chunk again (`SpaceEmbedder.embed(_:chunks:after:)`).
    ///
    /// - Returns: `nil` when there is no current revision, or it cannot be updated: built by another model or in
    ///   another language, statistics stored without their exact total, a vocabulary or stored chunks missing (content
    ///   imported before breadcrumbs were kept), or chunks stored without their word features or vector. The import
    ///   then analyses everything, and stores what was missing.
    public func previousRevision(
        spaceID: String,
        model: VectorizerModel,
        language: String,
        next contentHashes: [String]
    ) async throws -> PreviousRevision? {
        try await writer.read { db in
            guard let revisionID = try SpaceRecord.fetchOne(db, key: spaceID)?.revisionId,
                let revision = try RevisionRecord.fetchOne(db, key: revisionID),
                revision.language == language,
                let revisionModel = try? VectorizerModel.decode(revision.model),
                revisionModel.indexingIdentity == model.indexingIdentity,
                let idf = IDFTable(serialized: revision.idf), idf.totalLength != nil,
                let vocabulary = try RevisionVocabularyRecord.fetchOne(db, key: revisionID).flatMap({ Vocabulary(serialized: $0.words) })
            else { return nil }
            let hashes = try String.fetchAll(
                db,
                sql: """
                    SELECT pageVersionChunk.contentHash FROM revisionPage
                    JOIN pageVersionChunk ON pageVersionChunk.pageVersion = revisionPage.pageVersion
                    WHERE revisionPage.revisionId = ? ORDER BY revisionPage.position, pageVersionChunk.position
                    """,
                arguments: [revisionID]
            )
            // Content without its word features or vector is rare (a migration could not fill it in) and has an index
            // of its own, so this costs nothing when there is none.
            let incomplete = try String.fetchSet(db, sql: "SELECT contentHash FROM chunkContent WHERE words IS NULL OR vector IS NULL")
            guard incomplete.isEmpty || !hashes.contains(where: incomplete.contains) else { return nil }
            let changes = PreviousRevision.Changes(previous: hashes, next: contentHashes)
            var stored: [String: PreviousRevision.StoredChunk] = [:]
            let wanted = Array(changes.stored)
            for start in stride(from: 0, to: wanted.count, by: 500) {
                let batch = Array(wanted[start..<min(wanted.count, start + 500)])
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT contentHash, blocks, breadcrumb FROM chunkContent
                        WHERE contentHash IN (\(databaseQuestionMarks(count: batch.count)))
                        """,
                    arguments: StatementArguments(batch)
                )
                for row in rows {
                    guard let breadcrumb: Data = row["breadcrumb"],
                        let crumbs = BlockEncoding.decodeStrings(breadcrumb),
                        let blocks = BlockEncoding.decodeBlocks(row["blocks"])
                    else { return nil }
                    stored[row["contentHash"]] = PreviousRevision.StoredChunk(text: blocks.map(\.text).joined(separator: "\n\n"), breadcrumb: crumbs)
                }
            }
            guard stored.count == wanted.count else { return nil }
            return PreviousRevision(
                contentHashes: hashes,
                idf: idf,
                vocabulary: vocabulary,
                stored: stored,
                changes: (contentHashes, changes)
            )
        }
    }
}
