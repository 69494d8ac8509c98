/// Finds the chunks closest to a query: the query is vectorized once per space (each revision has its own idf),
/// scored against only the rows of the spaces the caller may read (the filter comes before top-k), and the best
/// `limit` rows are kept with a bounded heap.
public struct Retriever: Sendable {
    /// The snapshot searched.
    public let snapshot: IndexSnapshot

    public init(snapshot: IndexSnapshot) {
        self.snapshot = snapshot
    }

    /// Retrieves the best chunks for `query`, scoring each allowed space's rows with one `cblas_sgemv`.
    ///
    /// - Parameters:
    ///   - query: the question or search text.
    ///   - context: earlier questions of the conversation, added with a lower weight.
    ///   - spaces: the spaces the caller may read; `nil` means all in the snapshot.
    ///   - limit: how many chunks to return.
    ///   - minScore: rows at or above this score count as matches in `Retrieval.matchCount`.
    public func retrieve(_ query: String, context: [String] = [], spaces: Set<String>? = nil, limit: Int, minScore: Float = 0.05) -> Retrieval {
        retrieve(batch: [query], context: context, spaces: spaces, limit: limit, minScore: minScore)[0]
    }

    /// Retrieves the best chunks for each of `queries` at once: each allowed space's rows are scored against all the
    /// queries with one `cblas_sgemm` (one `cblas_sgemv` when there is a single query).
    public func retrieve(
        batch queries: [String],
        context: [String] = [],
        spaces: Set<String>? = nil,
        limit: Int,
        minScore: Float = 0.05
    )
        -> [Retrieval]
    {
        guard !queries.isEmpty else { return [] }
        var tops = queries.map { _ in TopK(k: limit) }
        var matchCounts = [Int](repeating: 0, count: queries.count)
        var queryTerms = queries.map { _ in [String: Float]() }
        var analyzers: [String: TextAnalyzer] = [:]
        let vectorizer = HashedVectorizer(model: snapshot.model)
        let dimension = snapshot.model.dimension
        for segment in snapshot.segments where spaces?.contains(segment.spaceID) ?? true {
            let analyzer = analyzers[segment.language] ?? TextAnalyzer(model: snapshot.model, language: segment.language)
            analyzers[segment.language] = analyzer
            let contextFeatures = context.isEmpty ? nil : analyzer.features(text: context.joined(separator: "\n"))
            var matrix = [Float](repeating: 0, count: queries.count * dimension)
            var hasVector = [Bool](repeating: false, count: queries.count)
            for (q, query) in queries.enumerated() {
                // Terms the corpus lacks weigh most: an answer that covers none of them is likely not an answer.
                for term in analyzer.terms(query) {
                    let idf = segment.idf.idf(analyzer.wordKey(term)) ?? segment.idf.unseenIDF
                    queryTerms[q][term] = max(queryTerms[q][term] ?? 0, idf)
                }
                guard let vector = vectorizer.queryVector(analyzer.features(text: query), idf: segment.idf, context: contextFeatures) else {
                    continue
                }
                matrix.replaceSubrange((q * dimension)..<((q + 1) * dimension), with: vector)
                hasVector[q] = true
            }
            guard hasVector.contains(true), !segment.rows.isEmpty else { continue }
            let scores =
                queries.count == 1
                ? snapshot.index.scores(query: matrix, rows: segment.rows)
                : snapshot.index.scores(queries: matrix, batch: queries.count, rows: segment.rows)
            let width = segment.rows.count
            for q in queries.indices where hasVector[q] {
                for offset in 0..<width {
                    let score = scores[q * width + offset]
                    if score >= minScore { matchCounts[q] += 1 }
                    if score > tops[q].threshold { tops[q].insert(row: segment.rows.lowerBound + offset, score: score) }
                }
            }
        }
        return queries.indices.map { q in
            Retrieval(
                hits: tops[q].sorted().map { RetrievalHit(row: $0.row, score: $0.score, chunk: snapshot.chunks[$0.row]) },
                matchCount: matchCounts[q],
                queryTerms: queryTerms[q]
            )
        }
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
