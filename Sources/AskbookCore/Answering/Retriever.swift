/// Finds the chunks closest to a query: the query is vectorized once per space (each revision has its own idf),
/// scored against only the rows of the spaces the caller may read (the filter comes before top-k), and the best
/// `limit` rows are kept with a bounded heap.
public struct Retriever: Sendable {
    /// The snapshot searched.
    public let snapshot: IndexSnapshot

    public init(snapshot: IndexSnapshot) {
        self.snapshot = snapshot
    }

    /// Retrieves the best chunks for `query`.
    ///
    /// - Parameters:
    ///   - query: the question or search text.
    ///   - context: earlier questions of the conversation, added with a lower weight.
    ///   - spaces: the spaces the caller may read; `nil` means all in the snapshot.
    ///   - limit: how many chunks to return.
    ///   - minScore: rows at or above this score count as matches in `Retrieval.matchCount`.
    public func retrieve(_ query: String, context: [String] = [], spaces: Set<String>? = nil, limit: Int, minScore: Float = 0.05) -> Retrieval {
        var top = TopK(k: limit)
        var matchCount = 0
        var queryTerms: [String: Float] = [:]
        var analyzers: [String: TextAnalyzer] = [:]
        let vectorizer = HashedVectorizer(model: snapshot.model)
        var scores: [Float] = []
        for segment in snapshot.segments where spaces?.contains(segment.spaceID) ?? true {
            let analyzer = analyzers[segment.language] ?? TextAnalyzer(model: snapshot.model, language: segment.language)
            analyzers[segment.language] = analyzer
            let features = analyzer.features(text: query)
            let contextFeatures = context.isEmpty ? nil : analyzer.features(text: context.joined(separator: "\n"))
            // Terms the corpus lacks weigh most: an answer that covers none of them is likely not an answer.
            for term in analyzer.terms(query) {
                let idf = segment.idf.idf(analyzer.wordKey(term)) ?? segment.idf.unseenIDF
                queryTerms[term] = max(queryTerms[term] ?? 0, idf)
            }
            guard !segment.rows.isEmpty, let vector = vectorizer.queryVector(features, idf: segment.idf, context: contextFeatures) else { continue }
            if scores.count < segment.rows.count { scores = [Float](repeating: 0, count: segment.rows.count) }
            vector.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { s in
                    let out = UnsafeMutableBufferPointer(rebasing: s[0..<segment.rows.count])
                    snapshot.index.scores(query: q, rows: segment.rows, into: out)
                    for (offset, score) in out.enumerated() {
                        if score >= minScore { matchCount += 1 }
                        if score > top.threshold { top.insert(row: segment.rows.lowerBound + offset, score: score) }
                    }
                }
            }
        }
        let hits = top.sorted().map { RetrievalHit(row: $0.row, score: $0.score, chunk: snapshot.chunks[$0.row]) }
        return Retrieval(hits: hits, matchCount: matchCount, queryTerms: queryTerms)
    }
}

/// The result of one retrieval.
public struct Retrieval: Sendable {
    /// The best chunks, best first.
    public var hits: [RetrievalHit]
    /// How many rows of the allowed spaces scored at least the minimum score.
    public var matchCount: Int
    /// The query's content terms (stems) with their idf; terms absent from the corpus get the idf of df = 0.
    public var queryTerms: [String: Float]
}

/// One retrieved chunk and its cosine score.
public struct RetrievalHit: Sendable, Hashable {
    public var row: Int
    public var score: Float
    public var chunk: IndexedChunk
}
