import AskbookCore
import Foundation
import GRDB
import Testing

@testable import AskbookStore

/// The migrations run frozen copies of the code they need; today those copies still agree with the live code.
@Suite struct MigrationTests {
    @Test func frozenWordFeaturesMatchTodaysSparseFeatures() {
        let counts: [UInt64: Float] = [0x10: 2, 0x21: 1.5, 0x32: 1, 0x43: 0.35, 0x55: 3]
        let features = SparseFeatures(counts: counts, length: 6.5)
        #expect(Migrations.V3.words(ofSerializedFeatures: features.serialized()) == features.words().serialized())
        let empty = SparseFeatures(counts: [:], length: 0).serialized()
        #expect(Migrations.V3.words(ofSerializedFeatures: Data([1, 2, 3])) == empty)
    }

    @Test func frozenBucketMajorAndBucketRunsMatchTodaysStore() throws {
        let (rows, dimension) = (7, 5)
        let rowMajor = (0..<(rows * dimension)).map { Float($0) / 10 }
        #expect(
            Migrations.V2.bucketMajor(rowMajor: rowMajor, dimension: dimension) == VectorIndex.bucketMajor(rowMajor: rowMajor, dimension: dimension)
        )
    }

    @Test func frozenQuantizedRowsMatchTodaysEncoding() {
        let dimension = 70  // not a multiple of 8 or 64: the bitmap's last byte is partial
        let rowMajor: [Float] = (0..<(9 * dimension)).map { (i: Int) -> Float in
            let zero = i % 3 == 0 || i / dimension == 4  // row 4 is all zero
            return zero ? 0 : Float(sin(Double(i) * 1.7))
        }
        let today = QuantizedRows(rowMajor: rowMajor, dimension: dimension).serialized()
        let frozen = (0..<9).reduce(into: Data()) { $0.append(Migrations.V9.encode(Array(rowMajor[($1 * dimension)..<(($1 + 1) * dimension)]))) }
        #expect(frozen == today)
    }

    @Test func storedFloatMatricesAreConvertedToQuantizedRows() throws {
        let (rows, dimension) = (40, 96)
        let rowMajor = (0..<(rows * dimension)).map { Float(sin(Double($0) * 0.37)) }
        let bucketMajor = VectorIndex.bucketMajor(rowMajor: rowMajor, dimension: dimension)
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v8-page-markdown")
        try queue.write { db in
            try Migrations.V2.insertBuckets(db, matrixKey: "m", vectors: bucketMajor, dimension: dimension)
            try Migrations.V2.insertBuckets(db, matrixKey: "empty", vectors: [], dimension: dimension)
        }
        try Migrations.migrator.migrate(queue, upTo: "v13-chunk-words-in-content")
        let (converted, empty, oldTable) = try queue.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT rowCount, data FROM vectorRows WHERE matrixKey = 'm' ORDER BY firstRow"),
                try Row.fetchAll(db, sql: "SELECT rowCount, data FROM vectorRows WHERE matrixKey = 'empty'"),
                try db.tableExists("vectorBucket")
            )
        }
        var joined = QuantizedRows(dimension: dimension)
        let read = converted.allSatisfy { joined.append(serialized: $0["data"], rows: $0["rowCount"]) }
        #expect(read && joined == QuantizedRows(rowMajor: rowMajor, dimension: dimension))
        #expect(empty.map { $0["rowCount"] as Int } == [0] && !oldTable)
    }

    /// Each revision's stored matrix moves to its chunks' content rows, row by row; a model with idf inside its vectors
    /// and a damaged run move nothing, and such content is found through its own index.
    @Test func storedMatricesMoveBesideTheirChunks() throws {
        let dimension = 20
        let rowMajor = (0..<(5 * dimension)).map { $0 % 4 == 0 ? Float(sin(Double($0))) : 0 }
        let matrix = QuantizedRows(rowMajor: rowMajor, dimension: dimension)
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v13-chunk-words-in-content")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO space (id, organizationId, title, visibility, editMode, defaultLevel, language, createdAt, updatedAt)
                    VALUES ('s', 'o', 'S', 'private', 'live', 'inherit', 'english', 0, 0)
                    """
            )
            // r1 (idf on the query side) has rows 0–2 in two runs; r2's model puts idf in its vectors; r3's run is cut.
            for (revision, idf, matrixKey) in [("r1", "query", "m1"), ("r2", "document", "m2"), ("r3", "query", "m3")] {
                try db.execute(
                    sql: """
                        INSERT INTO revision (id, spaceId, createdAt, modelId, model, language, idf, pageCount, sectionCount, chunkCount, matrixKey)
                        VALUES (?, 's', 0, 'm', ?, 'english', x'00', 1, 1, 3, ?)
                        """,
                    arguments: [revision, Data(#"{"dimension": \#(dimension), "weighting": {"idf": "\#(idf)"}}"#.utf8), matrixKey]
                )
                for position in 0..<3 {
                    let hash = "\(revision)-\(position)"
                    try db.execute(sql: "INSERT INTO chunkContent (contentHash, blocks, words) VALUES (?, x'00', x'00')", arguments: [hash])
                    try db.execute(
                        sql: "INSERT INTO chunk (revisionId, position, pageId, sectionId, sectionTitle, contentHash) VALUES (?, ?, 'p', 's', 'S', ?)",
                        arguments: [revision, position, hash]
                    )
                }
            }
            let runs: [(String, Int, Int, Data)] = [
                ("m1", 0, 2, matrix.serialized(rows: 0..<2)), ("m1", 2, 1, matrix.serialized(rows: 2..<3)),
                ("m2", 0, 3, matrix.serialized(rows: 0..<3)), ("m3", 0, 3, matrix.serialized(rows: 0..<3).dropLast()),
            ]
            for run in runs {
                try db.execute(
                    sql: "INSERT INTO vectorRows (matrixKey, firstRow, rowCount, data) VALUES (?, ?, ?, ?)",
                    arguments: [run.0, run.1, run.2, run.3]
                )
            }
        }
        try Migrations.migrator.migrate(queue)
        let (vectors, incomplete, plan, oldTable) = try queue.read { db in
            (
                try Dictionary(
                    uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT contentHash, vector FROM chunkContent").map {
                        ($0["contentHash"] as String, $0["vector"] as Data?)
                    }
                ),
                try String.fetchSet(db, sql: "SELECT contentHash FROM chunkContent WHERE words IS NULL OR vector IS NULL"),
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT contentHash FROM chunkContent WHERE words IS NULL OR vector IS NULL")
                    .map { $0["detail"] as String }.joined(),
                try db.tableExists("vectorRows")
            )
        }
        #expect((0..<3).map { vectors["r1-\($0)"] ?? nil } == (0..<3).map { matrix.serialized(rows: $0..<($0 + 1)) })
        #expect(incomplete == ["r2-0", "r2-1", "r2-2", "r3-0", "r3-1", "r3-2"])
        #expect(plan.contains("chunkContent_incomplete") && !oldTable)
    }

    /// Each revision's pages, headings, chunk references and markdown become page versions it lists, in the same
    /// order; chunks of a page the revision does not have are dropped.
    @Test func pagesBecomePageVersionsTheirRevisionLists() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v14-chunk-vectors")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO space (id, organizationId, title, visibility, editMode, defaultLevel, language, createdAt, updatedAt)
                    VALUES ('s', 'o', 'S', 'private', 'live', 'inherit', 'english', 0, 0);
                    INSERT INTO revision (id, spaceId, createdAt, modelId, model, language, idf, pageCount, sectionCount, chunkCount, matrixKey)
                    VALUES ('r', 's', 0, 'm', x'00', 'english', x'00', 2, 3, 4, 'k');
                    INSERT INTO page (revisionId, id, path, title, description, sourcePath, parentPath, position) VALUES
                        ('r', 'b', 'brew', 'Brew', NULL, 'brew.md', NULL, 1), ('r', 'a', '', 'Home', 'Start here', 'README.md', NULL, 0);
                    INSERT INTO section (revisionId, pageId, position, id, title, level) VALUES
                        ('r', 'a', 0, '', 'Home', 0), ('r', 'b', 0, '', 'Brew', 0), ('r', 'b', 1, 'milk', 'Milk', 2);
                    INSERT INTO pageMarkdown (revisionId, pageId, markdown) VALUES ('r', 'b', '# Brew');
                    INSERT INTO chunkContent (contentHash, blocks) VALUES ('h1', x'00'), ('h2', x'00'), ('h3', x'00'), ('h4', x'00');
                    INSERT INTO chunk (revisionId, position, pageId, sectionId, sectionTitle, contentHash) VALUES
                        ('r', 0, 'a', '', 'Home', 'h1'), ('r', 1, 'b', '', 'Brew', 'h2'), ('r', 2, 'b', 'milk', 'Milk', 'h3'),
                        ('r', 3, 'gone', '', 'Gone', 'h4');
                    """
            )
        }
        try Migrations.migrator.migrate(queue)
        let (pages, markdown, sections, chunks, oldTables) = try queue.read { db in
            (
                try Store.pages(db, revisionID: "r"),
                try String?.fetchAll(db, sql: "SELECT markdown FROM \(PageRecord.source) WHERE revisionId = 'r' ORDER BY revisionPage.position"),
                try SectionRecord.fetchAll(
                    db,
                    sql: "SELECT \(SectionRecord.selection) FROM \(SectionRecord.source) ORDER BY revisionPage.position, pageVersionSection.position"
                ),
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT pageVersionChunk.sectionId || '/' || pageVersionChunk.contentHash FROM revisionPage
                        JOIN pageVersionChunk USING (pageVersion) ORDER BY revisionPage.position, pageVersionChunk.position
                        """
                ),
                try ["page", "section", "chunk", "pageMarkdown"].filter { try db.tableExists($0) }
            )
        }
        #expect(
            pages == [
                PageRecord(
                    revisionId: "r",
                    id: "a",
                    path: "",
                    title: "Home",
                    description: "Start here",
                    sourcePath: "README.md",
                    parentPath: nil,
                    position: 0
                ),
                PageRecord(
                    revisionId: "r",
                    id: "b",
                    path: "brew",
                    title: "Brew",
                    description: nil,
                    sourcePath: "brew.md",
                    parentPath: nil,
                    position: 1
                ),
            ]
        )
        #expect(markdown == [nil, "# Brew"])
        #expect(sections.map { "\($0.pageId)/\($0.position)/\($0.id)/\($0.level)" } == ["a/0//0", "b/0//0", "b/1/milk/2"])
        #expect(chunks == ["/h1", "/h2", "milk/h3"] && oldTables.isEmpty)
    }

    @Test func wordFeaturesMoveBesideTheirContent() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v12-binary-blocks")
        let words = SparseFeatures(counts: [0x10: 2, 0x21: 1], length: 3).serialized()
        try queue.write { db in
            for hash in ["a", "b"] {
                try db.execute(
                    sql: "INSERT INTO chunkContent (contentHash, blocks) VALUES (?, ?)",
                    arguments: [hash, BlockEncoding.encode([Block(.paragraph, "Tea")])]
                )
            }
            try db.execute(sql: "INSERT INTO chunkWords (contentHash, words) VALUES ('a', ?)", arguments: [words])
        }
        try Migrations.migrator.migrate(queue)
        let (moved, missing, oldTable) = try queue.read { db in
            (
                try Data.fetchOne(db, sql: "SELECT words FROM chunkContent WHERE contentHash = 'a'"),
                try Row.fetchOne(db, sql: "SELECT words FROM chunkContent WHERE contentHash = 'b'")?["words"] as Data?,
                try db.tableExists("chunkWords")
            )
        }
        #expect(moved == words && missing == nil && !oldTable)
    }
}
