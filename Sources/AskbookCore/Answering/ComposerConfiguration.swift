/// Thresholds and weights of the extractive answer composer; defaults are calibrated with `askbook eval`.
public struct ComposerConfiguration: Sendable, Hashable {
    /// How many retrieved chunks the composer reads sentences from.
    public var candidateChunks: Int = 8
    /// At most this many sentences besides the lead.
    public var supportingSentences: Int = 3
    /// Abstain when the best chunk's cosine score is below this.
    public var minTopScore: Float = 0.10
    /// Abstain when the lead sentence covers less than this share of the query's idf mass.
    public var minCoverage: Float = 0.25
    /// Abstain when no candidate chunk contains this share of the query's idf mass.
    public var minChunkCoverage: Float = 0.50
    /// A supporting sentence must score at least this share of the lead's score.
    public var supportingRatio: Float = 0.55
    /// At most this many sentences of the answer come from one page, so one page does not repeat itself.
    public var sentencesPerPage: Int = 2
    /// MMR trade-off between relevance (1) and novelty (0).
    public var mmrLambda: Float = 0.7
    /// How many pages an abstention lists.
    public var closestPages: Int = 3

    public init() {}

    /// Whether an answer measured by `signals` should be declined.
    public func abstains(_ signals: AnswerSignals) -> Bool {
        signals.similarity < minTopScore || signals.leadCoverage < minCoverage || signals.chunkCoverage < minChunkCoverage
    }
}
