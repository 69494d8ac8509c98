import AskbookCore

/// One question's answer as `askbook eval --dump` writes it: what was asked, what was answered, whether a gold answer
/// string is in it, and the sections cited, so answers can be read and compared between runs.
public struct EvalAnswerDump: Codable, Sendable {
    public var id: String
    public var split: String?
    public var question: String
    public var answers: [String]
    /// The gold section as `space/page#section`, when the question has one.
    public var gold: String?
    /// The composed markdown.
    public var markdown: String
    public var abstained: Bool
    /// Whether the markdown contains a gold answer string (always false when abstained).
    public var hit: Bool
    /// Cited sections as `space/page#section`, in citation order.
    public var cited: [String]
    /// The first ten distinct sections of the retrieval ranking, as `space/page#section`.
    public var ranked: [String]
    /// What the decision to answer or abstain was made on (for calibrating `ComposerConfiguration`'s thresholds).
    public var signals: AnswerSignals?
    /// Whether the question has a gold answer in the corpus.
    public var answerable: Bool

    /// The dump of `question` answered by `result`.
    public init(question: EvalQuestion, result: AnswerResult, ranking: Retrieval) {
        id = question.id
        split = question.split
        self.question = question.question
        answers = question.answers
        gold = question.gold.map { "\($0.space)/\($0.page)#\($0.section)" }
        markdown = result.composed.markdown
        abstained = result.composed.abstained
        hit = !abstained && !question.answers.isEmpty && AnswerNormalizer.contains(markdown, anyOf: question.answers)
        cited = result.composed.citations.map { "\($0.spaceID)/\($0.pagePath)#\($0.sectionID)" }
        var ranked: [String] = []
        for hit in ranking.hits where ranked.count < 10 {
            let key = "\(hit.chunk.spaceID)/\(hit.chunk.pagePath)#\(hit.chunk.sectionID)"
            if !ranked.contains(key) { ranked.append(key) }
        }
        self.ranked = ranked
        signals = result.composed.signals
        answerable = question.isAnswerable
    }
}
