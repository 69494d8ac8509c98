/// The answering side of one index snapshot: the snapshot (plain immutable data) with what its queries share — the
/// analyzer pool (warm stemmer caches), the analysed sentences of candidate chunks and the follow-up checks.
///
/// Build one per snapshot and keep it as long as the snapshot serves: the server's `IndexHolder` holds the current
/// one, and the CLI and the evaluation suite make one per loaded snapshot. Copies share the pool and the cache.
///
/// ```swift
/// let engine = AnswerEngine(snapshot: snapshot)
/// let result = try engine.answerer().ask("How do I import a GitBook folder?")
/// let hits = engine.retriever.retrieve("import", limit: 10).hits
/// ```
public struct AnswerEngine: Sendable {
    /// The snapshot answered from.
    public let snapshot: IndexSnapshot
    private let analyzers: AnalyzerPool
    private let sentences: ChunkAnalysisCache
    private let recommendations = RecommendedQuestionCache()
    private let followUpChecks = FollowUpCheckCache()

    /// An engine over `snapshot` with an empty sentence cache of `sentenceCapacity` chunks.
    public init(snapshot: IndexSnapshot, sentenceCapacity: Int = 4096) {
        self.snapshot = snapshot
        analyzers = AnalyzerPool(model: snapshot.model)
        sentences = ChunkAnalysisCache(capacity: sentenceCapacity)
    }

    /// The retriever over the snapshot, lending analyzers from this engine's pool.
    public var retriever: Retriever { Retriever(snapshot: snapshot, analyzers: analyzers) }

    /// A question answerer composing with `configuration`, sharing this engine's pool and sentence cache.
    public func answerer(configuration: ComposerConfiguration = ComposerConfiguration()) -> QuestionAnswerer {
        QuestionAnswerer(retriever: retriever, sentences: sentences, followUpChecks: followUpChecks, configuration: configuration)
    }

    /// Answers `question` with the default composer configuration; see `QuestionAnswerer.ask`.
    public func ask(_ question: String, previousQueries: [String] = [], spaces: Set<String>? = nil) throws -> AnswerResult {
        try answerer().ask(question, previousQueries: previousQueries, spaces: spaces)
    }

    /// Runs `body` with an analyzer for `language` from this engine's pool (as queries are analysed).
    public func withAnalyzer<Result>(language: String, _ body: (TextAnalyzer) throws -> Result) rethrows -> Result {
        try analyzers.withAnalyzer(language: language, body)
    }

    /// Questions a reader of `spaces` could ask (`QuestionRecommender`), at most `limit`, spread over the spaces in the
    /// snapshot's order; each space's are computed once per snapshot. With `pages`, only questions from those pages,
    /// computed afresh within one request-wide check budget (`QuestionRecommender.maxChecks` shared by the spaces
    /// that hold one of the pages), so a request naming pages of many spaces costs no more than one space.
    public func recommendedQuestions(spaces: Set<String>, pages: Set<String>? = nil, limit: Int = 10) -> [String] {
        var recommender = QuestionRecommender()
        var segments = snapshot.segments.filter { spaces.contains($0.spaceID) }
        if let pages {
            segments = segments.filter { segment in segment.sections.contains { pages.contains($0.pageID) } }
            recommender.maxChecks = max(1, recommender.maxChecks / max(1, segments.count))
        }
        let lists = segments.map { segment in
            if let pages { return recommender.questions(in: segment, pages: pages, retriever: retriever) }
            return recommendations.questions(of: segment) { recommender.questions(in: segment, retriever: retriever) }
        }
        return QuestionRecommender.spread(lists, limit: limit)
    }

    /// Number of chunks whose sentences are analysed and cached now.
    public var analysedChunkCount: Int { sentences.count }
}
