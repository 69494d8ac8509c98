import AskbookCore
import Foundation
import Testing

/// Recommended questions come from the content, each checked by retrieval, spread over pages and spaces.
@Suite struct QuestionRecommenderTests {
    @Test func questionsComeFromHeadingsAndRetrieveTheirOwnPage() async throws {
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: try TestSupport.model())
        let engine = AnswerEngine(snapshot: snapshot)
        let segment = try #require(snapshot.segment(space: "coffee"))
        let questions = QuestionRecommender().questions(in: segment, retriever: engine.retriever)
        #expect(!questions.isEmpty)
        #expect(Set(questions.map { $0.lowercased() }).count == questions.count)
        for question in questions {
            #expect(question.hasSuffix("?"))
            // Asked back, it retrieves a section whose heading or page title it was made from.
            let hits = engine.retriever.retrieve(question, limit: 3).hits
            #expect(
                hits.contains { hit in
                    [hit.chunk.sectionTitle, hit.chunk.pageTitle].contains { FollowUpGenerator.question(fromHeading: $0) == question }
                },
                "\(question)"
            )
        }
        // Cached per snapshot: the same list again, cut to the limit.
        #expect(engine.recommendedQuestions(spaces: ["coffee"], limit: 3) == Array(questions.prefix(3)))
        #expect(engine.recommendedQuestions(spaces: ["elsewhere"]).isEmpty)
    }

    @Test func spreadTakesEachListsFirstBeforeAnySecond() {
        let spread = QuestionRecommender.spread([["A1?", "A2?", "A3?"], ["B1?"], ["C1?", "a1?"]], limit: 5)
        #expect(spread == ["A1?", "B1?", "C1?", "A2?", "A3?"])
    }
}
