/// What the composer decides to answer or abstain on, measured for one question.
///
/// Cosine and lead coverage alone let through questions that only share common words with the documentation; the
/// chunk coverage asks whether any single candidate chunk holds most of what the question is about, and whether the
/// two rankings agree asks whether the words and the hashed vector point at the same chunk.
public struct AnswerSignals: Sendable, Hashable, Codable {
    /// The best candidate's cosine with the query.
    public var similarity: Float
    /// The share of the question's idf mass that the lead sentence covers.
    public var leadCoverage: Float
    /// The largest share of the question's idf mass one candidate chunk contains.
    public var chunkCoverage: Float
    /// Whether the best candidate after the exact rerank is also the best by cosine alone: when the two stages disagree,
    /// the question often matches the documentation's words without being answered by it.
    public var rankingsAgree: Bool

    public init(similarity: Float, leadCoverage: Float, chunkCoverage: Float, rankingsAgree: Bool = true) {
        self.similarity = similarity
        self.leadCoverage = leadCoverage
        self.chunkCoverage = chunkCoverage
        self.rankingsAgree = rankingsAgree
    }

    /// Measures the signals of `hits` (the candidate chunks, best first) for the query terms of `retrieval`.
    ///
    /// Term presence is read from the rows' exact word features (`IndexSnapshot.lexical`); without them (a model
    /// with no rerank stage) the chunk coverage is 1.
    init(retrieval: Retrieval, hits: [RetrievalHit], leadCoverage: Float, snapshot: IndexSnapshot, analyzer: TextAnalyzer) {
        // In term order, as the candidates' coverage is, so that the signals are the same from run to run.
        let ordered = retrieval.queryTerms.sorted { $0.key < $1.key }
        let total = ordered.reduce(0) { $0 + $1.value }
        var best: Float = 1
        if total > 0, !snapshot.lexical.isEmpty {
            let terms = ordered.map { (key: analyzer.wordKey($0.key), idf: $0.value) }
            best =
                hits.map { hit in
                    let words = snapshot.lexical[hit.row]
                    return terms.reduce(0) { $0 + (words.count(of: $1.key) > 0 ? $1.idf : 0) } / total
                }.max() ?? 0
        }
        let similarity = hits.map(\.similarity).max() ?? 0
        self.init(
            similarity: similarity,
            leadCoverage: leadCoverage,
            chunkCoverage: best,
            rankingsAgree: hits.first.map { $0.similarity >= similarity } ?? true
        )
    }
}
