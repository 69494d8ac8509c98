import AskbookCore
import AskbookEvaluation
import Foundation
import Testing

/// Preparing the shared sets reads them in place and writes corpus and questions outside git.
@Suite(.enabled(if: TestSupport.sharedData != nil, "../shared/data is absent; skipping the preparation tests"))
struct EvalSetTests {
    @Test(arguments: [EvalSet.scifact, .clapnq])
    func preparedSetsHaveTheirQuestionsAndGold(set: EvalSet) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-prepare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let data = try #require(TestSupport.sharedData)
        let (pages, count) = try set.prepare(data: data, repository: TestSupport.packageRoot, output: output)
        let questions = try EvalQuestion.load(path: output.appendingPathComponent("questions.jsonl").path)
        let corpus = try CorpusPage.load(path: output.appendingPathComponent("corpus.jsonl").path)
        #expect(questions.count == count && corpus.count == pages)
        let paths = Set(corpus.map(\.page))
        switch set {
        case .scifact:
            #expect(pages == 5_183)
            #expect(questions.filter { $0.split == "test" }.count == 300)
            #expect(questions.allSatisfy { ($0.relevant ?? [:]).keys.allSatisfy(paths.contains) })
        case .clapnq:
            #expect(questions.count == 600 && questions.filter { !$0.isAnswerable }.count == 300)
            #expect(questions.filter { $0.split == "tune" }.count == 300)
            #expect(questions.compactMap(\.gold).allSatisfy { paths.contains($0.page) })
        default:
            break
        }
    }
}

@Suite struct QuestionFileTests {
    @Test func aQuestionFileIsCutToTheSideAskedFor() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-questions-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = [
            #"{"id": "a", "question": "Why bloom?", "answers": [], "gold": null, "split": "tune"}"#,
            #"{"id": "b", "question": "How fine?", "answers": [], "gold": null, "split": "test"}"#,
            #"{"id": "c", "question": "How hot?", "answers": [], "gold": null, "split": "test"}"#,
        ]
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: try TestSupport.model())
        #expect(try EvalSetLoader.questionFile(path: file.path, split: .test, limit: nil, snapshot: snapshot).questions.map(\.id) == ["b", "c"])
        #expect(try EvalSetLoader.questionFile(path: file.path, split: nil, limit: 2, snapshot: snapshot).questions.map(\.id) == ["a", "b"])
        try lines[0].write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: AskbookError.self) { _ = try EvalSetLoader.questionFile(path: file.path, split: .test, limit: nil, snapshot: snapshot) }
    }
}
