/// Thresholds and weights of the extractive answer composer; defaults are calibrated with `askbook eval`.
public struct ComposerConfiguration: Sendable, Hashable {
    /// How many retrieved chunks the composer reads sentences from.
    public var candidateChunks: Int = 8
    /// At most this many pieces besides the lead.
    public var supportingSentences: Int = 3
    /// Abstain when the best chunk's cosine score is below this.
    public var minTopScore: Float = 0.10
    /// Abstain when the lead sentence covers less than this share of the query's idf mass.
    public var minCoverage: Float = 0.25
    /// Abstain when no candidate chunk contains this share of the query's idf mass.
    public var minChunkCoverage: Float = 0.45
    /// When the exact rerank and the cosine disagree on the best chunk (`AnswerSignals.rankingsAgree`), abstain when no
    /// candidate chunk contains this share of the query's idf mass: a higher bar than `minChunkCoverage`.
    public var minDisagreeingChunkCoverage: Float = 0.55
    /// Abstain when the question names something the lead's space never mentions (`AnswerSignals.namesCovered`).
    public var abstainsOnUnknownNames = true
    /// A supporting sentence must score at least this share of the lead's score.
    public var supportingRatio: Float = 0.55
    /// At most this many pieces of the answer come from one page, so one page does not repeat itself.
    public var sentencesPerPage: Int = 3
    /// MMR trade-off between relevance (1) and novelty (0).
    public var mmrLambda: Float = 0.7
    /// Weight of how well a unit has the shape of the answer asked for (a number for "how many", …) in its score.
    public var cueWeight: Float = 0.1
    /// For these kinds of question, a lead without the shape of the answer asked for (`AnswerCue.fit`) is followed
    /// first by the best unit that has it, whatever its score. Procedures are left out: a step without an imperative
    /// is still a step, and completing them cost answers on the tuning sides.
    public var completedKinds: Set<AnswerCue.Kind> = [.quantity, .polar]
    /// The unit that completes the lead comes from one of this many best chunks.
    public var completionChunks: Int = 3
    /// Supporting pieces are added while the answer's quoted text stays within this many characters.
    public var maxAnswerCharacters: Int = 600
    /// Code longer than this many lines is cut, with a link to its section.
    public var maxCodeLines: Int = 12
    /// Code longer than this many characters is cut, with a link to its section.
    public var maxCodeCharacters: Int = 500
    /// At most this many list items or table rows follow the sentence that introduces them.
    public var maxItems: Int = 5
    /// List items or table rows after an introducing sentence stop at this many characters.
    public var maxItemCharacters: Int = 400
    /// A quoted sentence comes with the next sentence of its paragraph when the two fit in this many characters (and the
    /// sentence already has the answer's shape, or the question asks for none): a fact is often stated across two.
    public var neighbourCharacters: Int = 300
    /// A lead sentence comes with the sentences around it in its chunk, within this many characters in all (0: only the
    /// neighbour `neighbourCharacters` allows): the fact asked for is often in the sentence before or after the one
    /// that matches the question best. Supporting pieces, which quote one sentence each, share the rest of
    /// `maxAnswerCharacters`.
    public var leadContextCharacters: Int = 400
    /// How many pages an abstention lists.
    public var closestPages: Int = 3

    public init() {}

    /// Whether an answer measured by `signals` should be declined.
    public func abstains(_ signals: AnswerSignals) -> Bool {
        signals.similarity < minTopScore || signals.leadCoverage < minCoverage || signals.chunkCoverage < minChunkCoverage
            || (!signals.rankingsAgree && signals.chunkCoverage < minDisagreeingChunkCoverage)
            || (abstainsOnUnknownNames && !signals.namesCovered)
    }
}
