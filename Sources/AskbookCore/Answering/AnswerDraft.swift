/// An answer composed but not finished (`QuestionAnswerer.draft`): its sources, lead and markdown are final, its
/// follow-up questions are not yet computed (`QuestionAnswerer.finish`).
public struct AnswerDraft: Sendable {
    /// The question searched for: trimmed, and corrected when the retriever corrected a typo in it.
    public let question: String
    /// The spaces answered from (`nil`: every space of the snapshot); the follow-ups are checked against the same.
    public let spaces: Set<String>?
    /// The composed answer with its citations.
    public let composed: ComposedAnswer
    /// The retrieval it was composed from.
    public let retrieval: Retrieval
    /// GitBook's sources of the answer: one per cited page.
    public let sources: [SearchAIAnswerSource]
    let retrieveMilliseconds: Double
    let composeMilliseconds: Double

    /// GitBook's answer so far, without follow-up questions.
    public var answer: SearchAIAnswer { SearchAIAnswer(composed: composed, sources: sources, followupQuestions: []) }

    /// GitBook's answer cut to its lead (`ComposedAnswer.leadOnly`), with every source: what a stream sends first.
    public var lead: SearchAIAnswer { SearchAIAnswer(composed: composed.leadOnly, sources: sources, followupQuestions: []) }
}
