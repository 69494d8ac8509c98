import AskbookCore
import AskbookEvaluation
import AskbookStore
import Foundation
import Logging
import Testing

/// Imports GitBook's own documentation from `../shared/data` into a real SQLite file and asks it questions whose gold
/// page is known (`Evaluation/questions/gitbook.jsonl`, written from reading those pages).
@Suite(.enabled(if: SharedData.gitBookDocumentation != nil, "../shared/data/gitbook-public-docs is absent; skipping the end-to-end test"))
struct GitBookEndToEndTests {
    static let packageRoot = SharedData.packageRoot
    static let documentation = SharedData.gitBookDocumentation

    @Test func theSiteLoadsOneSpacePerDirectoryFromItsOwnSummary() throws {
        let site = try #require(Self.documentation).replacingOccurrences(of: "/documentation", with: "")
        let spaces = try SpaceLoader().load(path: site, spaceID: "gb")
        let pages = Dictionary(uniqueKeysWithValues: spaces.map { ($0.spaceId, $0.pages.count) })
        #expect(pages == ["gb-documentation": 182, "gb-developers": 35, "gb-changelog": 8, "gb-policies": 16, "gb-guides": 42])
        #expect(spaces.allSatisfy { !$0.pages.contains { $0.path == "SUMMARY" } })
    }

    @Test func importsGitBookDocsAndAnswersWithTheGoldPages() async throws {
        let folder = try #require(Self.documentation)
        let model = try VectorizerModel.load(path: Self.packageRoot.appendingPathComponent("Models/hashed-v3.json").path)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-e2e-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try Store.open(path: path)
        let importer = Importer(store: store, model: model, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let summary = try #require(try await importer.run(path: folder, spaceID: "gitbook").first)
        #expect(summary.pages > 150 && summary.chunks > 1000)

        let answerer = AnswerEngine(snapshot: try #require(try await store.loadSnapshot()))

        // The example: the hints page is cited and quoted.
        let hint = try answerer.ask("How do I add a hint block to a page?")
        let hintPage = try #require(answerer.snapshot.chunks.first { $0.pagePath == "create-content/blocks/hint" })
        #expect(hint.answer.sources.contains { $0.page == hintPage.pageID })
        let quoted = hint.composed.citations.filter { $0.pageID == hintPage.pageID }.map(\.text)
        #expect(!quoted.isEmpty && quoted.allSatisfy { hint.answer.answer.markdown?.contains($0) == true })

        // Every answerable question of the set: its gold page among the first five retrieved pages for most of them.
        let questions = try EvalQuestion.load(path: Self.packageRoot.appendingPathComponent("Evaluation/questions/gitbook.jsonl").path)
            .filter(\.isAnswerable)
        #expect(questions.count >= 60)
        var pageRanks: [Int?] = []
        for question in questions {
            let gold = try #require(question.gold)
            var pages: [String] = []
            for hit in answerer.retriever.retrieve(question.question, limit: 50).hits where !pages.contains(hit.chunk.pagePath) {
                pages.append(hit.chunk.pagePath)
            }
            pageRanks.append(EvalMetrics.firstRelevantRank(pages) { $0 == gold.page })
        }
        #expect(EvalMetrics.recall(at: 5, ranks: pageRanks) >= 0.85)

        // An unchanged re-import analyses no chunk again.
        let again = try #require(try await importer.run(path: folder, spaceID: "gitbook").first)
        #expect(again.reusedChunks == again.chunks)
    }
}

/// Where the shared data sets are, read in place (never copied).
enum SharedData {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let gitBookDocumentation: String? = {
        let path = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/gitbook-public-docs/documentation").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()
}
