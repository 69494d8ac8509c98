import AskbookCore
import AskbookEvaluation
import AskbookStore
import Foundation
import GRDB
import Logging
import Testing

@Suite struct StoreTests {
    @Test func importWritesARevisionThatTheSnapshotServes() async throws {
        let (store, folder) = try makeStoreAndFolder()
        let summaries = try await importer(store).run(path: folder.path, spaceID: "tea", title: "Tea")
        let summary = try #require(summaries.first)
        #expect(summary.pages == 2 && summary.chunks >= 3 && summary.reusedChunks == 0)
        let snapshot = try #require(try await store.loadSnapshot())
        #expect(snapshot.index.rowCount == summary.chunks)
        #expect(snapshot.segments.map(\.spaceID) == ["tea"])
        #expect(snapshot.segments.first?.revisionID == summary.revisionID)
        #expect(try await store.space(id: "tea")?.title == "Tea")
        // Vectors come back from SQLite exactly as the embedder quantized them, every component in its bucket.
        let content = try SpaceLoader().load(path: folder.path, spaceID: "tea", title: "Tea")[0]
        let embedded = await SpaceEmbedder(model: try model()).embed(content)
        #expect(embedded.chunks.count == snapshot.index.rowCount)
        let quantized = embedded.quantizedVectors()
        let exact = embedded.vectors()
        let (dimension, rows) = (snapshot.index.dimension, embedded.chunks.count)
        for i in embedded.chunks.indices {
            let row = snapshot.index.row(i)
            #expect(row == quantized.row(i))
            // Each is its unit-length vector within the quantization step (largest ÷ 4,094 per component).
            let step = row.map(abs).max()! / QuantizedRows.maxCode
            #expect(zip(row, (0..<dimension).map { exact[$0 * rows + i] }).allSatisfy { abs($0 - $1) <= step / 2 * 1.0001 })
            #expect(abs(row.reduce(0) { $0 + $1 * $1 } - 1) < 0.02)
        }
    }

    @Test func unchangedReimportReusesFeaturesKeepsPageIDsAndReplacesTheRevision() async throws {
        let (store, folder) = try makeStoreAndFolder()
        let first = try await importer(store).run(path: folder.path, spaceID: "tea")[0]
        let pagesBefore = try #require(try await store.loadSnapshot()).chunks.map(\.pageID)
        let second = try await importer(store).run(path: folder.path, spaceID: "tea")[0]
        #expect(second.reusedChunks == second.chunks)
        #expect(second.revisionID != first.revisionID)
        let snapshot = try #require(try await store.loadSnapshot())
        #expect(snapshot.chunks.map(\.pageID) == pagesBefore)
        #expect(try await store.currentRevisions() == ["tea": second.revisionID])
        #expect(try await store.revisionCount(spaceID: "tea") == 1)
    }

    @Test func editingOnePageReanalysesOnlyItsChunks() async throws {
        let (store, folder) = try makeStoreAndFolder()
        let first = try await importer(store).run(path: folder.path, spaceID: "tea")[0]
        try "# Green tea\n\nSteep green tea for two minutes at 80 degrees.\n".write(
            to: folder.appendingPathComponent("green.md"),
            atomically: true,
            encoding: .utf8
        )
        let second = try await importer(store).run(path: folder.path, spaceID: "tea")[0]
        #expect(second.reusedChunks > 0 && second.reusedChunks < second.chunks)
        #expect(second.chunks == first.chunks)
    }

    @Test func anImportWithNoPagesFailsAndChangesNothing() async throws {
        let (store, folder) = try makeStoreAndFolder()
        let first = try await importer(store).run(path: folder.path, spaceID: "tea")[0]
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        await #expect(throws: AskbookError.noPages(empty.path)) { try await importer(store).run(path: empty.path, spaceID: "tea") }
        #expect(try await store.currentRevisions() == ["tea": first.revisionID])
        #expect(try await store.loadSnapshot()?.index.rowCount == first.chunks)
    }

    @Test func badIDsAndForeignOrganizationsAreRejected() async throws {
        let (store, folder) = try makeStoreAndFolder()
        await #expect(throws: AskbookError.self) { try await importer(store).run(path: folder.path, spaceID: "bad id!") }
        await #expect(throws: AskbookError.self) { try await importer(store).run(path: folder.path, spaceID: "tea", language: "klingon") }
        _ = try await importer(store).run(path: folder.path, spaceID: "tea", organizationID: "acme")
        await #expect(throws: AskbookError.self) { try await importer(store).run(path: folder.path, spaceID: "tea", organizationID: "other") }
        #expect(try await store.space(id: "tea")?.organizationId == "acme")
    }

    @Test func aSpaceWhoseVectorsAreDamagedIsLeftOutAndTheOthersServed() async throws {
        let (store, folder) = try makeStoreAndFolder()
        _ = try await importer(store).run(path: folder.path, spaceID: "tea")
        // Equal chunks share their stored content and vector across spaces; chai gets a page of its own, whose
        // vector is damaged below.
        let chai = folder.deletingLastPathComponent().appendingPathComponent("chai")
        try FileManager.default.copyItem(at: folder, to: chai)
        try "# Masala chai\n\nSpiced tea brewed with milk.\n".write(to: chai.appendingPathComponent("masala.md"), atomically: true, encoding: .utf8)
        _ = try await importer(store).run(path: chai.path, spaceID: "chai", title: "Chai")
        #expect(try await store.loadSnapshot()?.segments.map(\.spaceID) == ["chai", "tea"])
        // Another process truncates one of chai's vectors: that space is left out, never served with wrong scores.
        let database = try DatabaseQueue(path: folder.deletingLastPathComponent().appendingPathComponent("askbook.sqlite").path)
        try await database.write { db in
            try db.execute(
                sql: """
                    UPDATE chunkContent SET vector = substr(vector, 1, 8) WHERE contentHash IN (
                        SELECT contentHash FROM pageVersionChunk JOIN revisionPage USING (pageVersion) WHERE revisionId = (SELECT revisionId FROM space WHERE id = 'chai')
                        EXCEPT SELECT contentHash FROM pageVersionChunk JOIN revisionPage USING (pageVersion) WHERE revisionId = (SELECT revisionId FROM space WHERE id = 'tea')
                    )
                    """
            )
        }
        let snapshot = try #require(try await store.loadSnapshot())
        #expect(snapshot.segments.map(\.spaceID) == ["tea"] && snapshot.chunks.allSatisfy { $0.spaceID == "tea" })
    }

    @Test func theVocabularyIsStoredWithTheRevisionAndServed() async throws {
        let (store, folder) = try makeStoreAndFolder()
        _ = try await importer(store).run(path: folder.path, spaceID: "tea")
        var snapshot = try #require(try await store.loadSnapshot())
        let vocabulary = try #require(snapshot.segments.first?.vocabulary)
        let content = try SpaceLoader().load(path: folder.path, spaceID: "tea")[0]
        let embedded = await SpaceEmbedder(model: try model()).embed(content)
        #expect(vocabulary.words == embedded.vocabulary.words && vocabulary.documentCounts == embedded.vocabulary.documentCounts)
        #expect(vocabulary.documentCount(of: "steep") == 2 && vocabulary.documentCount(of: "steeping") == 1)
        #expect(SpellingCorrector(snapshot: snapshot, spaces: nil).correct("steeep").text == "steep")
        // With the spaces' statistics: a word whose stem is indexed ("steeps": "steep") or a stop word stays.
        let analyzers = AnalyzerPool(model: snapshot.model)
        #expect(SpellingCorrector(snapshot: snapshot, spaces: nil).correct("steeps").text == "steep")
        #expect(SpellingCorrector(snapshot: snapshot, spaces: nil, analyzers: analyzers).correct("steeps").text == "steeps")
        #expect(SpellingCorrector(snapshot: snapshot, spaces: nil, analyzers: analyzers).correct("steeep").text == "steep")
        // A revision from before vocabularies were kept is served, but nothing is corrected over it.
        let database = try DatabaseQueue(path: folder.deletingLastPathComponent().appendingPathComponent("askbook.sqlite").path)
        try await database.write { db in try db.execute(sql: "DELETE FROM revisionVocabulary") }
        snapshot = try #require(try await store.loadSnapshot())
        #expect(snapshot.segments.map(\.spaceID) == ["tea"] && snapshot.segments.first?.vocabulary == nil)
        #expect(SpellingCorrector(snapshot: snapshot, spaces: nil).correct("steeep").text == "steeep")
    }

    @Test func aMissingDatabaseIsNotCreatedByReaders() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-missing-\(UUID().uuidString).sqlite").path
        #expect(throws: AskbookError.self) { try Store.open(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    // MARK: Helpers

    private func model() throws -> VectorizerModel {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try VectorizerModel.load(path: root.appendingPathComponent("Models/hashed-v3.json").path)
    }

    private func importer(_ store: Store) throws -> Importer {
        Importer(store: store, model: try model(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// A real SQLite file and a plain folder of two pages, both in a fresh temporary directory.
    private func makeStoreAndFolder() throws -> (Store, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-store-\(UUID().uuidString)")
        let folder = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# Black tea\n\nSteep black tea for four minutes in boiling water.\n\n## Milk\n\nAdd milk after steeping.\n".write(
            to: folder.appendingPathComponent("black.md"),
            atomically: true,
            encoding: .utf8
        )
        try "# Green tea\n\nSteep green tea for three minutes at 80 degrees.\n".write(
            to: folder.appendingPathComponent("green.md"),
            atomically: true,
            encoding: .utf8
        )
        return (try Store.open(path: dir.appendingPathComponent("askbook.sqlite").path), folder)
    }
}
