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
