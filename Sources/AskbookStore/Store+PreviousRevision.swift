import AskbookCore
import Foundation
import GRDB

extension Store {
    /// What re-importing `spaceID` as chunks with content hashes `contentHashes` (in order) and pages `versions` needs of
    /// its current revision to update it rather than analyse every chunk again (`SpaceEmbedder.embed(_:chunks:after:)`).
    ///
    /// Only the pages whose version changed are compared (`PageVersions`): the chunks of the page versions the revision
    /// loses against those of the versions it gains. An unchanged page has the same chunks on both sides.
    ///
    /// - Returns: `nil` when there is no current revision, or it cannot be updated: built by another model or in
    ///   another language, statistics stored without their exact total, a vocabulary or stored chunks missing (content
    ///   imported before breadcrumbs were kept), or chunks stored without their word features or vector. The import
    ///   then analyses everything, and stores what was missing.
    func previousRevision(
        spaceID: String,
        model: VectorizerModel,
        language: String,
        next contentHashes: [String],
        versions: PageVersions
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
            let previousVersions = try String.fetchAll(
                db,
                sql: "SELECT pageVersion FROM revisionPage WHERE revisionId = ? ORDER BY position",
                arguments: [revisionID]
            )
            let (previousKeys, nextKeys) = (Set(previousVersions), Set(versions.keys))
            let chunksOf = try db.cachedStatement(sql: "SELECT contentHash FROM pageVersionChunk WHERE pageVersion = ? ORDER BY position")
            var lost: [String] = []
            for key in previousVersions where !nextKeys.contains(key) { lost += try String.fetchAll(chunksOf, arguments: [key]) }
            var gained: [String] = []
            for (page, key) in versions.keys.enumerated() where !previousKeys.contains(key) {
                gained += contentHashes[versions.chunkRanges[page]]
            }
            var changes = PreviousRevision.Changes(previous: lost, next: gained)
            // A hash new to the changed pages may be on an unchanged one: a known chunk, whose new occurrences are
            // counted from its stored text, and whose other occurrences are not analysed again.
            let onUnchangedPage = try db.cachedStatement(
                sql: """
                    SELECT 1 FROM pageVersionChunk JOIN revisionPage ON revisionPage.pageVersion = pageVersionChunk.pageVersion
                    WHERE pageVersionChunk.contentHash = ? AND revisionPage.revisionId = ? LIMIT 1
                    """
            )
            let gainedCounts = Dictionary(gained.map { ($0, 1) }, uniquingKeysWith: +)
            for hash in changes.added where try Bool.fetchOne(onUnchangedPage, arguments: [hash, revisionID]) == true {
                changes.added.remove(hash)
                changes.repeated[hash] = gainedCounts[hash]
            }
            // Content without its word features or vector is rare (a migration could not fill it in) and has an index
            // of its own, so this costs nothing when there is none.
            if try String.fetchOne(db, sql: "SELECT contentHash FROM chunkContent WHERE words IS NULL OR vector IS NULL LIMIT 1") != nil {
                let incomplete = try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM revisionPage JOIN pageVersionChunk USING (pageVersion) JOIN chunkContent USING (contentHash)
                        WHERE revisionPage.revisionId = ? AND (chunkContent.words IS NULL OR chunkContent.vector IS NULL))
                        """,
                    arguments: [revisionID]
                )
                guard incomplete == false else { return nil }
            }
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
                idf: idf,
                vocabulary: vocabulary,
                stored: stored,
                changes: (contentHashes, changes)
            )
        }
    }
}
