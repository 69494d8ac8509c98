import AskbookCore
import Foundation
import GRDB
import Logging
import Testing

@testable import AskbookStore

/// A re-import analyses only the chunks that changed, and the revision it writes is the one a fresh import of the same
/// folder writes: the same statistics, vocabulary, vectors and answers.
@Suite struct IncrementalImportTests {
    @Test func aReimportUpdatesTheRevisionToWhatAFreshImportWrites() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-incremental-\(UUID().uuidString)")
        let folder = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("black.md", "# Black tea\n\nSteep black tea for four minutes in boiling water.\n\n## Milk\n\nAdd milk after steeping.\n")
        try write("green.md", "# Green tea\n\nSteep green tea for three minutes at 80 degrees.\n\n## Matcha\n\nWhisk matcha powder.\n")
        try write("oolong.md", "# Oolong\n\nRinse the leaves once, then steep oolong several times.\n")
        try write("herbal.md", "# Herbal infusions\n\nChamomile and mint need no caffeine warning.\n")
        let store = try Store.open(path: dir.appendingPathComponent("a.sqlite").path)
        _ = try await importer(store).run(path: folder.path, spaceID: "tea")

        // One page edited, one removed, one added; a paragraph the new page repeats word for word; and a page that
        // repeats an unchanged page (same title and text: the same chunk, which only its occurrences count anew).
        try write("black.md", "# Black tea\n\nSteep black tea for five minutes in boiling water.\n\n## Milk\n\nAdd milk after steeping.\n")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("herbal.md"))
        try write("rooibos.md", "# Rooibos\n\nRooibos grows in the Cederberg and brews red.\n\n## Milk\n\nAdd milk after steeping.\n")
        try write("oolong-again.md", "# Oolong\n\nRinse the leaves once, then steep oolong several times.\n")
        let summary = try #require(try await importer(store).run(path: folder.path, spaceID: "tea").first)
        #expect(summary.reusedChunks > 0 && summary.reusedChunks < summary.chunks)

        let fresh = try Store.open(path: dir.appendingPathComponent("b.sqlite").path)
        _ = try await importer(fresh).run(path: folder.path, spaceID: "tea")
        let updated = try #require(try await store.loadSnapshot())
        let expected = try #require(try await fresh.loadSnapshot())
        let (u, e) = (try #require(updated.segments.first), try #require(expected.segments.first))
        #expect(u.idf.serialized() == e.idf.serialized())
        #expect(u.vocabulary?.words == e.vocabulary?.words && u.vocabulary?.documentCounts == e.vocabulary?.documentCounts)
        #expect(updated.chunks == expected.chunks)
        for row in 0..<expected.index.rowCount { #expect(updated.index.row(row) == expected.index.row(row)) }
        // The content the edit and the removal left unreferenced is deleted: both stores keep the same chunks, with the
        // same vectors.
        func storedContent(_ name: String) throws -> [String: Data?] {
            try DatabaseQueue(path: dir.appendingPathComponent(name).path).read { db in
                try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT contentHash, vector FROM chunkContent").map { ($0[0], $0[1]) })
            }
        }
        #expect(try storedContent("a.sqlite") == storedContent("b.sqlite"))
        let question = "How long do I steep black tea?"
        let answered = try AnswerEngine(snapshot: updated).ask(question)
        let reference = try AnswerEngine(snapshot: expected).ask(question)
        // The same answer, whose sources name each store's own revision id.
        #expect(answered.composed == reference.composed)
        #expect(answered.retrieval.hits.map(\.score) == reference.retrieval.hits.map(\.score))
        #expect(answered.answer.followupQuestions == reference.answer.followupQuestions)
    }

    @Test func changesCountEveryOccurrence() {
        let changes = PreviousRevision.Changes(previous: ["a", "b", "b", "c"], next: ["b", "c", "c", "c", "d"])
        #expect(changes.removed == ["a": 1, "b": 1])
        #expect(changes.repeated == ["c": 2])
        #expect(changes.added == ["d"])
        #expect(changes.stored == ["a", "b", "c"])
    }

    @Test func contentStoredWithoutABreadcrumbIsAnalysedAgain() async throws {
        let (dir, folder) = try twoTeaPages()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.sqlite").path
        let store = try Store.open(path: path)
        _ = try await importer(store).run(path: folder.path, spaceID: "tea")
        // As content imported before breadcrumbs were kept.
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE chunkContent SET breadcrumb = NULL") }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("green.md"))
        let summary = try #require(try await importer(store).run(path: folder.path, spaceID: "tea").first)
        // The full path: every chunk analysed again, and the space serves the new revision.
        #expect(summary.reusedChunks == 0)
        let snapshot = try #require(try await store.loadSnapshot())
        #expect(snapshot.chunks.allSatisfy { $0.pageTitle == "Black tea" })
    }

    @Test(arguments: ["vector", "words"])
    func contentStoredWithoutItsVectorOrWordsIsFilledInByTheNextImport(column: String) async throws {
        let (dir, folder) = try twoTeaPages()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.sqlite").path
        let store = try Store.open(path: path)
        _ = try await importer(store).run(path: folder.path, spaceID: "tea")
        // As content a migration could not fill in: the space is left out until it is imported again.
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE chunkContent SET \(column) = NULL") }
        #expect(try await store.loadSnapshotDetailed().leftOut.map(\.spaceID) == ["tea"])
        // The same folder again: nothing reused as it is, every row filled in, the space served.
        let summary = try #require(try await importer(store).run(path: folder.path, spaceID: "tea").first)
        #expect(summary.reusedChunks == 0)
        let snapshot = try #require(try await store.loadSnapshot())
        #expect(snapshot.segments.map(\.spaceID) == ["tea"] && snapshot.index.rowCount == summary.chunks)
    }

    /// A new temporary folder holding `docs/` with two pages, black and green tea.
    private func twoTeaPages() throws -> (dir: URL, folder: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-incremental-\(UUID().uuidString)")
        let folder = dir.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# Black tea\n\nSteep black tea for four minutes.\n".write(
            to: folder.appendingPathComponent("black.md"),
            atomically: true,
            encoding: .utf8
        )
        try "# Green tea\n\nSteep green tea briefly.\n".write(to: folder.appendingPathComponent("green.md"), atomically: true, encoding: .utf8)
        return (dir, folder)
    }

    private func importer(_ store: Store) throws -> Importer {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let model = try VectorizerModel.load(path: root.appendingPathComponent("Models/hashed-v3.json").path)
        return Importer(store: store, model: model, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
}
