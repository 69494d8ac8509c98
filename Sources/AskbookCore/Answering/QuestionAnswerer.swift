import Foundation

/// Answers questions over an `IndexSnapshot`: retrieve, compose an extractive answer, add follow-ups, and shape it as
/// GitBook's `SearchAIAnswer`. The CLI, the HTTP server and the evaluation suite all answer through this one path.
///
/// Made by `AnswerEngine.answerer(configuration:)`, which lends it the snapshot's analyzers and sentence cache.
public struct QuestionAnswerer: Sendable {
    private let retriever: Retriever
    private let sentences: ChunkAnalysisCache
    private let followUpChecks: FollowUpCheckCache
    private let composer: AnswerComposer
    private let followUps: FollowUpGenerator

    init(retriever: Retriever, sentences: ChunkAnalysisCache, followUpChecks: FollowUpCheckCache, configuration: ComposerConfiguration) {
        self.retriever = retriever
        self.sentences = sentences
        self.followUpChecks = followUpChecks
        composer = AnswerComposer(configuration: configuration)
        followUps = FollowUpGenerator()
    }

    /// Answers `question` from the spaces in `spaces` (`nil`: every space in the snapshot): `draft` then `finish`.
    ///
    /// - Throws: what `QueryPolicy` refuses (`AskbookError.emptyQuery`, `.queryTooLong`, `.tooManyPreviousQueries`),
    ///   or `.emptyIndex` when the allowed spaces hold no chunks.
    public func ask(_ question: String, previousQueries: [String] = [], spaces: Set<String>? = nil) throws -> AnswerResult {
        finish(try draft(question, previousQueries: previousQueries, spaces: spaces))
    }

    /// The first stage of an answer: retrieval and composition, so the sources, the lead and the markdown are known;
    /// the follow-up questions, which cost a retrieval each, are left to `finish`. A stream sends the draft at once.
    ///
    /// ```swift
    /// let draft = try answerer.draft("How do I import a GitBook folder?")
    /// send(draft.answer)                       // sources, lead and markdown; no follow-ups yet
    /// let result = answerer.finish(draft)      // adds the follow-up questions
    /// ```
    /// - Throws: as `ask`.
    public func draft(_ question: String, previousQueries: [String] = [], spaces: Set<String>? = nil) throws -> AnswerDraft {
        let started = DispatchTime.now().uptimeNanoseconds
        let question = question.trimmingWhitespace()
        try QueryPolicy.checkQuestion(question, previousQueries: previousQueries)
        let snapshot = retriever.snapshot
        let segments = snapshot.segments.filter { spaces?.contains($0.spaceID) ?? true }
        guard segments.contains(where: { !$0.rows.isEmpty }) else { throw AskbookError.emptyIndex }

        let retrieval = retriever.retrieve(
            question,
            context: previousQueries.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty },
            spaces: spaces,
            limit: composer.configuration.candidateChunks
        )
        let retrieved = DispatchTime.now().uptimeNanoseconds
        // Sentences and follow-ups are matched against what was searched for, the corrected question.
        let searched = retrieval.correction?.text ?? question
        let composed = retriever.analyzers.withAnalyzer(language: segments.first?.language ?? snapshot.model.language) { analyzer in
            composer.compose(question: searched, retrieval: retrieval, analyzer: analyzer, snapshot: snapshot, sentences: sentences)
        }
        let composedAt = DispatchTime.now().uptimeNanoseconds
        return AnswerDraft(
            question: searched,
            spaces: spaces,
            composed: composed,
            retrieval: retrieval,
            sources: Self.sources(of: composed.citations, snapshot: snapshot),
            retrieveMilliseconds: Double(retrieved - started) / 1e6,
            composeMilliseconds: Double(composedAt - retrieved) / 1e6
        )
    }

    /// The last stage of an answer: adds the follow-up questions to `draft` (none for an abstention).
    public func finish(_ draft: AnswerDraft) -> AnswerResult {
        let started = DispatchTime.now().uptimeNanoseconds
        let composed = draft.composed
        let used = Set(composed.citations.map(\.sectionKey))
        let followupQuestions =
            composed.abstained
            ? []
            : followUps.questions(
                for: draft.question,
                retrieval: draft.retrieval,
                used: used,
                retriever: retriever,
                spaces: draft.spaces,
                checks: followUpChecks
            )
        let finished = DispatchTime.now().uptimeNanoseconds

        let timings = AnswerTimings(
            retrieveMilliseconds: draft.retrieveMilliseconds,
            composeMilliseconds: draft.composeMilliseconds,
            followUpMilliseconds: Double(finished - started) / 1e6
        )
        return AnswerResult(
            answer: SearchAIAnswer(composed: composed, sources: draft.sources, followupQuestions: followupQuestions),
            composed: composed,
            retrieval: draft.retrieval,
            timings: timings
        )
    }

    /// GitBook sources from citations: one per page, in order of first citation, with the cited sections.
    static func sources(of citations: [Citation], snapshot: IndexSnapshot) -> [SearchAIAnswerSource] {
        var sources: [SearchAIAnswerSource] = []
        for citation in citations {
            if let i = sources.firstIndex(where: { $0.space == citation.spaceID && $0.page == citation.pageID }) {
                if !sources[i].sections.contains(citation.sectionID) { sources[i].sections.append(citation.sectionID) }
            } else {
                let revision = snapshot.segment(space: citation.spaceID)?.revisionID ?? ""
                sources.append(
                    SearchAIAnswerSource(page: citation.pageID, revision: revision, space: citation.spaceID, sections: [citation.sectionID])
                )
            }
        }
        return sources
    }
}

/// An answer with what produced it, for the CLI, the API's `details` and the evaluation suite.
public struct AnswerResult: Sendable {
    /// GitBook's answer object.
    public var answer: SearchAIAnswer
    /// The composed answer with its citations.
    public var composed: ComposedAnswer
    /// The retrieval it was composed from.
    public var retrieval: Retrieval
    public var timings: AnswerTimings
}

/// Where the time of one answer went, in milliseconds.
public struct AnswerTimings: Sendable, Hashable, Codable {
    public var retrieveMilliseconds: Double
    public var composeMilliseconds: Double
    public var followUpMilliseconds: Double

    /// Total time.
    public var totalMilliseconds: Double { retrieveMilliseconds + composeMilliseconds + followUpMilliseconds }
}
