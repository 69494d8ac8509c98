import AskbookCore
import Foundation
import GRDB
import Logging

extension Store {
    /// Builds the in-memory index of every live space's current revision.
    ///
    /// All rows must share one model: revisions built by another model than the newest are left out (and logged),
    /// never mixed. Returns `nil` when no space has a revision. `loadSnapshotDetailed` also says which spaces were
    /// left out.
    public func loadSnapshot(logger: Logger? = nil) async throws -> IndexSnapshot? {
        try await loadSnapshotDetailed(logger: logger).snapshot
    }

    /// Builds the in-memory index of every live space's current revision, and lists the spaces left out of it.
    ///
    /// A space is left out (and logged) when its revision's model, idf table, chunks or vectors are damaged, or when
    /// it was built by another model than the newest revision that has a readable model; the other spaces load.
    ///
    /// - Throws: a GRDB error when the database itself cannot be read (a missing table, a damaged file).
    public func loadSnapshotDetailed(logger: Logger? = nil) async throws -> SnapshotLoad {
        try await writer.read { db in
            let started = ContinuousClock.now
            // The chunk rows are looked up by content hash across three tables: with SQLite's default 2 MB page cache
            // (31 pages of 64 KiB) the lookups re-read the same index pages from the file. A larger cache for the
            // load, given back at the end, keeps them.
            try db.execute(sql: "PRAGMA cache_size = -131072")
            defer {
                try? db.execute(sql: "PRAGMA cache_size = -2000")
                try? db.execute(sql: "PRAGMA shrink_memory")
            }
            let spaces = try SpaceRecord.filter(SpaceRecord.Columns.deletedAt == nil && SpaceRecord.Columns.revisionId != nil)
                .order(SpaceRecord.Columns.id).fetchAll(db)
            var revisions: [(SpaceRecord, RevisionRecord)] = []
            for space in spaces {
                if let revision = try RevisionRecord.fetchOne(db, key: space.revisionId) { revisions.append((space, revision)) }
            }
            var leftOut: [SnapshotLoad.LeftOutSpace] = []
            func leaveOut(_ space: SpaceRecord, _ reason: String) {
                logger?.warning(
                    "Space left out of the index; re-import it",
                    metadata: ["space.id": "\(space.id)", "space.problem": "\(reason)"]
                )
                leftOut.append(.init(spaceID: space.id, organizationID: space.organizationId, reason: reason))
            }
            let models = revisions.map { try? VectorizerModel.decode($0.1.model) }
            let newest = zip(revisions, models).filter { $0.1 != nil }.max { $0.0.1.createdAt < $1.0.1.createdAt }
            guard let model = newest?.1 else {
                for (space, _) in revisions { leaveOut(space, "its model is damaged") }
                return SnapshotLoad(snapshot: nil, leftOut: leftOut)
            }
            var builder = IndexSnapshotBuilder(model: model)
            for ((space, revision), revisionModel) in zip(revisions, models) {
                guard let revisionModel else {
                    leaveOut(space, "its model is damaged")
                    continue
                }
                guard revisionModel.indexingIdentity == model.indexingIdentity else {
                    leaveOut(space, "built by another model (\(revision.modelId))")
                    continue
                }
                guard let idf = IDFTable(serialized: revision.idf) else {
                    leaveOut(space, "its idf table is damaged")
                    continue
                }
                let pages = try Self.pages(db, revisionID: revision.id)
                // The vectors are grouped by bucket on other threads while this one reads the chunk rows, then the chunks
                // while it reads the sections: the reads run one at a time on this connection, the decoding beside them.
                var vectors = StoredVectorRuns(dimension: model.dimension)
                // A revision from before vocabularies were kept has none; a damaged one counts as none (correction
                // is then off for searches over it, which is safe), rather than leaving the space out. Decoded beside
                // the reads too.
                let vocabularyData = try RevisionVocabularyRecord.fetchOne(db, key: revision.id)?.words
                let vocabulary = BackgroundWork { vocabularyData.flatMap { Vocabulary(serialized: $0) } }
                var stored = StoredChunkRows(pages: pages, reservingRows: revision.chunkCount)
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT revisionPage.position, pageVersionChunk.sectionId, pageVersionChunk.sectionTitle, chunkContent.blocks,
                            chunkContent.words, chunkContent.vector
                        FROM revisionPage JOIN pageVersionChunk ON pageVersionChunk.pageVersion = revisionPage.pageVersion
                        JOIN chunkContent ON chunkContent.contentHash = pageVersionChunk.contentHash
                        WHERE revisionPage.revisionId = ? ORDER BY revisionPage.position, pageVersionChunk.position
                        """,
                    arguments: [revision.id]
                )
                // A page's chunks are consecutive: its index is looked up only when the row's page position changes.
                let pageIndexByPosition = Dictionary(pages.enumerated().map { ($1.position, $0) }, uniquingKeysWith: { first, _ in first })
                var page: (position: Int, index: Int?)?
                while let row = try rows.next() {
                    let position: Int = row[0]
                    if page?.position != position { page = (position, pageIndexByPosition[position]) }
                    guard let pageIndex = page?.index else { continue }
                    try stored.append(row, page: pageIndex, words: model.rerank != nil)
                    try vectors.append(row, column: 5)
                }
                let spaceID = space.id
                let decoded = BackgroundWork { [stored] in try stored.decode(spaceID: spaceID, rerank: model.rerank != nil) }
                var sectionsByPage: [Int: [(id: String, title: String, level: Int)]] = [:]
                let sectionRows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT revisionPage.position, pageVersionSection.id, pageVersionSection.title, pageVersionSection.level
                        FROM revisionPage JOIN pageVersionSection ON pageVersionSection.pageVersion = revisionPage.pageVersion
                        WHERE revisionPage.revisionId = ? ORDER BY revisionPage.position, pageVersionSection.position
                        """,
                    arguments: [revision.id]
                )
                while let row = try sectionRows.next() { sectionsByPage[row[0], default: []].append((row[1], row[2], row[3])) }
                let parts = vectors.finish()
                guard let (chunks, words) = try? decoded.value() else {
                    leaveOut(space, "its chunks are damaged")
                    continue
                }
                guard let parts, builder.appendRows(chunks, parts: parts, lexical: words) else {
                    leaveOut(space, "its vectors are missing or malformed")
                    continue
                }
                let sections = pages.flatMap { page in
                    (sectionsByPage[page.position] ?? []).map {
                        IndexedSection(
                            pageID: page.id,
                            pagePath: page.path,
                            pageTitle: page.title,
                            sectionID: $0.id,
                            title: $0.title,
                            level: $0.level
                        )
                    }
                }
                builder.closeSegment(
                    spaceID: space.id,
                    spaceTitle: space.title,
                    organizationID: space.organizationId,
                    revisionID: revision.id,
                    language: revision.language,
                    idf: idf,
                    sections: sections,
                    vocabulary: try vocabulary.value()
                )
            }
            let snapshot = builder.build()
            logger?.info(
                "Snapshot loaded",
                metadata: [
                    "snapshot.seconds": "\(ContinuousClock.now - started)", "snapshot.rows": "\(builder.rowCount)",
                ]
            )
            return SnapshotLoad(snapshot: snapshot, leftOut: leftOut)
        }
    }
}
