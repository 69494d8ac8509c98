import AskbookCore
import Testing

@Suite struct FollowUpCheckCacheTests {
    @Test func eachQuestionAndSetOfSpacesIsRetrievedOnce() {
        let cache = FollowUpCheckCache(capacity: 3)
        var retrievals = 0
        func check(_ question: String, _ spaces: Set<String>?) -> [String] {
            cache.sections(of: question, spaces: spaces) {
                retrievals += 1
                return ["\(question) in \(spaces?.sorted() ?? [])"]
            }
        }
        #expect(check("What is X?", nil) == ["What is X? in []"])
        #expect(check("What is X?", nil) == ["What is X? in []"] && retrievals == 1)
        // Another reader's spaces are another check; the order they are named in is not.
        #expect(check("What is X?", ["a", "b"]) == ["What is X? in [\"a\", \"b\"]"] && retrievals == 2)
        #expect(check("What is X?", ["b", "a"]) == ["What is X? in [\"a\", \"b\"]"] && retrievals == 2)
        _ = check("What is Y?", nil)
        #expect(cache.count == 3)
        // Full: it starts over rather than grow.
        _ = check("What is Z?", nil)
        #expect(cache.count == 1 && retrievals == 4)
    }

    @Test func followUpsAreTheSameFromAWarmCache() async throws {
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: try TestSupport.model())
        let engine = AnswerEngine(snapshot: snapshot)
        let first = try engine.ask("What temperature should the water be?")
        #expect(!first.answer.followupQuestions.isEmpty)
        let second = try engine.ask("What temperature should the water be?")
        #expect(second.answer.followupQuestions == first.answer.followupQuestions)
        // A fresh engine (a new snapshot) checks again and agrees.
        let fresh = try AnswerEngine(snapshot: snapshot).ask("What temperature should the water be?")
        #expect(fresh.answer.followupQuestions == first.answer.followupQuestions)
    }
}
