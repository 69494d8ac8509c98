import AskbookCore
import Foundation
import Testing

/// The staged answer (`draft` then `finish`) that a stream sends as it goes: the same answer as `ask`, a lead that
/// comes first, and GitBook's deprecated `text`.
@Suite struct StagedAnswerTests {
    @Test func draftThenFinishIsTheSameAnswerAsAsk() async throws {
        let answerer = try await coffee().answerer()
        let question = "What temperature should the water be?"
        let draft = try answerer.draft(question)
        #expect(draft.answer.followupQuestions.isEmpty)
        let finished = answerer.finish(draft)
        let asked = try answerer.ask(question)
        #expect(finished.answer == asked.answer)
        #expect(!finished.answer.followupQuestions.isEmpty)
        // The draft already holds the whole answer but its follow-ups.
        #expect(draft.answer.answer == asked.answer.answer && draft.answer.sources == asked.answer.sources)
    }

    @Test func theLeadIsTheFirstParagraphWithEverySource() async throws {
        let answerer = try await coffee().answerer()
        let draft = try answerer.draft("What temperature should the water be?")
        let markdown = try #require(draft.answer.answer.markdown)
        let lead = try #require(draft.lead.answer.markdown)
        // This small page's other sentences come with the lead, so it may be the whole answer.
        #expect(markdown.hasPrefix(lead) && lead.count <= markdown.count)
        #expect(lead.contains("96 degrees") && lead.contains("[[1]]"))
        #expect(draft.lead.sources == draft.answer.sources)
        // The lead piece's citations: its sentence and the sentences around it.
        #expect(draft.composed.leadOnly.citations == draft.composed.citations.filter { $0.piece == 0 })
    }

    @Test func textIsThePlainAnswerWithoutLinks() async throws {
        let answerer = try await coffee().answerer()
        let answered = try answerer.ask("What temperature should the water be?").answer
        let text = try #require(answered.text)
        #expect(text.contains("96 degrees"))
        #expect(!text.contains("](") && !text.contains("[["))
        let abstained = try answerer.ask("Which stock exchange lists the company?")
        #expect(abstained.composed.abstained)
        let abstainedText = try #require(abstained.answer.text)
        #expect(abstainedText.hasPrefix(ComposedAnswer.abstentionText) && !abstainedText.contains("]("))
        for citation in abstained.composed.citations { #expect(abstainedText.contains(citation.pageTitle)) }
        // An abstention's lead is its first paragraph, without the closest pages.
        #expect(abstained.composed.leadOnly.markdown == ComposedAnswer.abstentionText)
        #expect(abstained.composed.leadOnly.citations.isEmpty)
    }

    // MARK: Helpers

    private func coffee() async throws -> AnswerEngine {
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: try TestSupport.model())
        return AnswerEngine(snapshot: snapshot)
    }
}
