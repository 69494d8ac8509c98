import AskbookCore
import AskbookEvaluation
import Foundation
import Testing

/// A question over several spaces ranks as it would if those spaces were one: the corpus statistics are those of the
/// spaces searched, combined at query time, never a space's own.
@Suite(.enabled(if: TestSupport.sharedData != nil, "../shared/data is absent; skipping the split-invariance test"))
struct SplitInvarianceTests {
    @Test func everyGitBookQuestionGetsTheSameTopSectionsWhetherThePagesAreOneSpaceOrMany() async throws {
        let data = try #require(TestSupport.sharedData)
        let model = try TestSupport.model("hashed-v3")
        let folder = data.appendingPathComponent("gitbook-public-docs/documentation").path
        let whole = try #require(try SpaceLoader().load(path: folder, spaceID: "whole").first)
        // One space per top-level folder (pages at the root form their own space), in page order.
        var parts: [String: [Page]] = [:]
        var order: [String] = []
        for page in whole.pages {
            let folder = page.path.split(separator: "/").count > 1 ? String(page.path.split(separator: "/")[0]) : "root"
            if parts[folder] == nil { order.append(folder) }
            parts[folder, default: []].append(page)
        }
        #expect(order.count >= 5, "the documentation splits into several top-level folders")

        var one = IndexSnapshotBuilder(model: model)
        await SpaceEmbedder(model: model).embed(whole).append(to: &one)
        var many = IndexSnapshotBuilder(model: model)
        for folder in order {
            let part = SpaceContent(spaceId: "part-\(folder)", title: "Part \(folder)", pages: parts[folder] ?? [])
            await SpaceEmbedder(model: model).embed(part).append(to: &many)
        }
        let oneEngine = AnswerEngine(snapshot: one.build())
        let manyEngine = AnswerEngine(snapshot: many.build())
        #expect(manyEngine.snapshot.segments.count == order.count)

        let questions = try EvalQuestion.load(path: TestSupport.packageRoot.appendingPathComponent("Evaluation/questions/gitbook.jsonl").path)
        #expect(questions.count >= 150)
        func topSections(_ engine: AnswerEngine, _ question: String) -> [String] {
            var sections: [String] = []
            for hit in engine.retriever.retrieve(question, limit: 100).hits {
                let key = hit.chunk.pagePath + "#" + hit.chunk.sectionID
                if !sections.contains(key) { sections.append(key) }
                if sections.count == 10 { break }
            }
            return sections
        }
        var differing: [String] = []
        for question in questions {
            let expected = topSections(oneEngine, question.question)
            #expect(!expected.isEmpty)
            if topSections(manyEngine, question.question) != expected { differing.append(question.id) }
        }
        #expect(differing.isEmpty, "questions ranked differently: \(differing)")
    }
}
