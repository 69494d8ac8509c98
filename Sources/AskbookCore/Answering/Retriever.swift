/// Finds the chunks closest to a query: the query is vectorized with the statistics of the spaces searched (see
/// `Statistics`), scored against only the rows of the spaces the caller may read (the filter comes before top-k), and the best
/// `limit` rows are kept with a bounded heap.
///
/// Made by `AnswerEngine.retriever`, which lends it the engine's analyzers.
public struct Retriever: Sendable {
    /// The snapshot searched.
    public let snapshot: IndexSnapshot
    /// Analyzers lent to the queries (the engine's pool).
    let analyzers: AnalyzerPool

    init(snapshot: IndexSnapshot, analyzers: AnalyzerPool) {
        self.snapshot = snapshot
        self.analyzers = analyzers
    }

    /// The headings of the page `chunk` is on, in page order; empty when the snapshot does not hold its space.
    public func sections(onPageOf chunk: IndexedChunk) -> [IndexedSection] {
        snapshot.segment(space: chunk.spaceID)?.sections(onPage: chunk.pageID) ?? []
    }

    /// Retrieves the best chunks for `query`, scoring each allowed space's rows on the query's non-zero buckets.
    ///
    /// - Parameters:
    ///   - query: the question or search text.
    ///   - context: earlier questions of the conversation, added with a lower weight.
    ///   - spaces: the spaces the caller may read; `nil` means all in the snapshot.
    ///   - limit: how many chunks to return; clamped to 0 and the number of rows in the index.
    public func retrieve(_ query: String, context: [String] = [], spaces: Set<String>? = nil, limit: Int) -> Retrieval {
        retrieve(batch: [query], context: context, spaces: spaces, limit: limit)[0]
    }

    /// Retrieves the best chunks for each of `queries` at once: each allowed space's rows are scored against all the
    /// queries with one `cblas_sgemm` (a single query scores only its non-zero buckets).
    public func retrieve(
        batch queries: [String],
        context: [String] = [],
        spaces: Set<String>? = nil,
        limit: Int
    ) -> [Retrieval] {
        guard !queries.isEmpty else { return [] }
        // Typos first: a word no searched space knows becomes its nearest known word, and everything after (vectors,
        // rerank, query terms) sees the corrected text.
        let corrector = SpellingCorrector(snapshot: snapshot, spaces: spaces, analyzers: analyzers)
        let corrections = queries.map { corrector.correct($0) }
        let queries = corrections.map(\.text)
        let limit = min(max(0, limit), snapshot.index.rowCount)
        let rerank = snapshot.lexical.isEmpty ? nil : snapshot.model.rerank
        let depth = max(limit, rerank?.candidates ?? 0)
        var tops = queries.map { _ in TopK(k: depth) }
        var queryWords = queries.map { _ in [String: SparseFeatures]() }
        var queryTerms = queries.map { _ in [String: Float]() }
        let vectorizer = HashedVectorizer(model: snapshot.model)
        let dimension = snapshot.model.dimension
        let searched = snapshot.segments.indices.filter { spaces?.contains(snapshot.segments[$0].spaceID) ?? true }
        let statistics = Statistics(snapshot: snapshot, searched: searched)
        // The queries and the context are analysed once per language, not once per space; with idf on the query side
        // one query vector serves every space of a language.
        var analyses: [String: QueryAnalysis] = [:]
        for group in statistics.groups {
            let language = snapshot.segments[group[0]].language
            let groupStatistics = statistics.of(segment: group[0])
            var matrix = [Float](repeating: 0, count: queries.count * dimension)
            var hasVector = [Bool](repeating: false, count: queries.count)
            analyzers.withAnalyzer(language: language) { analyzer in
                let analysis = analyses[language] ?? QueryAnalysis(queries: queries, context: context, analyzer: analyzer)
                analyses[language] = analysis
                for q in queries.indices {
                    // Terms the corpus lacks weigh most: an answer that covers none of them is likely not an answer.
                    for (term, key) in analysis.terms[q] {
                        let idf = groupStatistics.idf(key) ?? groupStatistics.unseenIDF
                        queryTerms[q][term] = max(queryTerms[q][term] ?? 0, idf)
                    }
                    let features = analysis.features[q]
                    if rerank != nil, queryWords[q][language] == nil { queryWords[q][language] = features.words() }
                    guard let vector = vectorizer.queryVector(features, statistics: groupStatistics, context: analysis.context) else { continue }
                    matrix.replaceSubrange((q * dimension)..<((q + 1) * dimension), with: vector)
                    hasVector[q] = true
                }
            }
            guard hasVector.contains(true) else { continue }
            for rows in group.map({ snapshot.segments[$0].rows }) where !rows.isEmpty {
                let scores =
                    queries.count == 1
                    ? snapshot.index.scores(query: matrix, rows: rows)
                    : snapshot.index.scores(queries: matrix, batch: queries.count, rows: rows)
                let width = rows.count
                for q in queries.indices where hasVector[q] {
                    for offset in 0..<width {
                        let score = scores[q * width + offset]
                        if score > tops[q].threshold { tops[q].insert(row: rows.lowerBound + offset, score: score) }
                    }
                }
            }
        }
        return queries.indices.map { q in
            var hits = tops[q].sorted().map {
                RetrievalHit(row: $0.row, score: $0.score, similarity: $0.score, chunk: snapshot.chunks[$0.row])
            }
            if let rerank { hits = rescore(hits, words: queryWords[q], rerank: rerank, statistics: statistics) }
            return Retrieval(hits: Array(hits.prefix(limit)), queryTerms: queryTerms[q], correction: corrections[q].corrected ? corrections[q] : nil)
        }
    }

    /// The exact second stage: BM25 over each candidate's unhashed word features, fused with its cosine.
    private func rescore(
        _ hits: [RetrievalHit],
        words: [String: SparseFeatures],
        rerank: VectorizerModel.Rerank,
        statistics: Statistics
    ) -> [RetrievalHit] {
        guard !hits.isEmpty else { return hits }
        // Each query word's idf is looked up once per group of statistics the candidates come from, not per candidate.
        var terms: [Int: [(key: UInt64, weight: Float)]] = [:]
        var bm25 = [Float](repeating: 0, count: hits.count)
        for (i, hit) in hits.enumerated() {
            guard let index = snapshot.segmentIndex(row: hit.row), let words = words[snapshot.segments[index].language] else { continue }
            let group = statistics.group(of: index)
            let corpus = statistics.of(segment: index)
            let query =
                terms[group]
                ?? zip(words.keys, words.counts).compactMap { key, count in corpus.idf(key).map { (key, count * $0 * (rerank.k1 + 1)) } }
            terms[group] = query
            let document = snapshot.lexical[hit.row]
            let norm = rerank.k1 * (1 - rerank.b + rerank.b * document.length / corpus.averageLength)
            var score: Float = 0
            for term in query {
                let tf = document.count(of: term.key)
                if tf > 0 { score += term.weight * tf / (tf + norm) }
            }
            bm25[i] = score
        }
        let best = bm25.max() ?? 0
        var fused = hits
        for i in fused.indices {
            let lexical = best > 0 ? bm25[i] / best : 0
            fused[i].score = rerank.lexicalWeight * lexical + (1 - rerank.lexicalWeight) * hits[i].similarity
        }
        return fused.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
            .map(\.element)
    }
}

/// Which corpus statistics weigh a query in which searched segment.
///
/// With idf on the query side (`IDFPlacement.query`) every searched segment shares the statistics of all of them,
/// and segments of one language share one query vector; with idf inside the chunk vectors (older models) each segment
/// is weighted by its own revision's statistics.
private struct Statistics {
    /// Searched segment indices grouped by shared query vector, in snapshot order.
    let groups: [[Int]]
    private let groupOfSegment: [Int: Int]
    private let merged: CorpusStatistics?
    private let snapshot: IndexSnapshot

    init(snapshot: IndexSnapshot, searched: [Int]) {
        self.snapshot = snapshot
        if snapshot.model.idfPlacement == .query {
            merged = CorpusStatistics(searched.map { snapshot.segments[$0].idf })
            var byLanguage: [String: Int] = [:]
            var groups: [[Int]] = []
            for index in searched {
                let language = snapshot.segments[index].language
                if let group = byLanguage[language] {
                    groups[group].append(index)
                } else {
                    byLanguage[language] = groups.count
                    groups.append([index])
                }
            }
            self.groups = groups
        } else {
            merged = nil
            groups = searched.map { [$0] }
        }
        var groupOfSegment: [Int: Int] = [:]
        for (group, members) in groups.enumerated() {
            for index in members { groupOfSegment[index] = group }
        }
        self.groupOfSegment = groupOfSegment
    }

    /// The statistics that weigh a query in segment `index`.
    func of(segment index: Int) -> CorpusStatistics {
        merged ?? CorpusStatistics(snapshot.segments[index].idf)
    }

    /// The group of segment `index`.
    func group(of index: Int) -> Int { groupOfSegment[index] ?? -1 - index }
}

/// The queries and the conversation context of one retrieval, analysed in one language.
private struct QueryAnalysis {
    /// Each query's terms (stems) with their word keys.
    var terms: [[(term: String, key: UInt64)]]
    /// Each query's features.
    var features: [SparseFeatures]
    /// The context's features; `nil` without context.
    var context: SparseFeatures?

    init(queries: [String], context: [String], analyzer: TextAnalyzer) {
        terms = queries.map { analyzer.terms($0).map { ($0, analyzer.wordKey($0)) } }
        features = queries.map { analyzer.features(text: $0) }
        self.context = context.isEmpty ? nil : analyzer.features(text: context.joined(separator: "\n"))
    }
}

/// The result of one retrieval.
public struct Retrieval: Sendable {
    /// The best chunks, best first.
    public var hits: [RetrievalHit]
    /// The query's content terms (stems) with their idf; terms absent from the corpus get the idf of df = 0.
    public var queryTerms: [String: Float]
    /// The words of the query that were corrected before searching, and the text searched for; `nil` when none was.
    public var correction: SpellingCorrection?
}

/// One retrieved chunk with its ranking score and its cosine similarity to the query.
public struct RetrievalHit: Sendable, Hashable {
    public var row: Int
    /// The ranking score: the cosine, or with a rerank stage the fused lexical and vector score (0…1).
    public var score: Float
    /// The cosine of the query and chunk vectors, what confidence and abstention are calibrated on.
    public var similarity: Float
    public var chunk: IndexedChunk

    /// A hit for the chunk at `row` of the snapshot, with its ranking score and its cosine.
    public init(row: Int, score: Float, similarity: Float, chunk: IndexedChunk) {
        self.row = row
        self.score = score
        self.similarity = similarity
        self.chunk = chunk
    }
}
