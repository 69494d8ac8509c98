import Synchronization

/// A chunk split into sentences, each with the stems and the weighted features the answer composer scores it on.
public struct AnalyzedChunk: Sendable {
    /// One sentence (a code block, list item or table row counts as one) of the chunk.
    public struct Sentence: Sendable {
        public var text: String
        public var kind: Block.Kind
        /// Order within the chunk, from 0.
        public var position: Int
        /// Index of the sentence's block in the chunk's `blocks`.
        public var block: Int
        /// Whether the sentence ends its block (what a sentence introducing the next block must do).
        public var endsBlock: Bool
        public var terms: Set<String>
        public var wordCount: Int
        /// Exact features weighted with the chunk's revision idf, for the cosine with the question.
        public var features: WeightedFeatures
    }

    public var sentences: [Sentence]
    /// The chunk's blocks, which sentences point into.
    public var blocks: [Block]
    /// Stems of the section and page titles.
    public var headingTerms: Set<String>

    /// Splits `chunk` and analyses every sentence with `analyzer`, weighting features with `idf` (its revision's).
    public init(_ chunk: IndexedChunk, analyzer: TextAnalyzer, idf: IDFTable) {
        let splitter = SentenceSplitter()
        let vectorizer = HashedVectorizer(model: analyzer.model)
        var sentences: [Sentence] = []
        for (index, block) in chunk.blocks.enumerated() {
            let texts = splitter.sentences(of: block)
            for (i, text) in texts.enumerated() {
                sentences.append(
                    Sentence(
                        text: text,
                        kind: block.kind,
                        position: sentences.count,
                        block: index,
                        endsBlock: i == texts.count - 1,
                        terms: Set(analyzer.terms(text)),
                        wordCount: text.split(whereSeparator: \.isWhitespace).count,
                        features: vectorizer.exactWeights(analyzer.features(text: text), idf: idf)
                    )
                )
            }
        }
        self.sentences = sentences
        blocks = chunk.blocks
        headingTerms = Set(analyzer.terms(chunk.sectionTitle + " " + chunk.pageTitle))
    }
}

/// Analysed chunks of one snapshot by row and language, shared by every question asked of it: splitting and stemming
/// the candidate chunks was most of an answer's cost, and popular chunks come back question after question.
///
/// Bounded by a number of chunks; when full it starts over (simpler than LRU, and a full cache is rare on corpora that
/// do not fit it anyway).
public final class ChunkAnalysisCache: Sendable {
    private struct Key: Hashable {
        var row: Int
        var language: String
    }

    /// Chunks kept at most.
    public let capacity: Int
    private let entries = Mutex<[Key: AnalyzedChunk]>([:])

    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The analysis of row `row` (whose chunk is `chunk` and whose revision has `idf`) under `analyzer`'s language,
    /// computed on first use.
    public func analysis(row: Int, chunk: IndexedChunk, analyzer: TextAnalyzer, idf: IDFTable) -> AnalyzedChunk {
        let key = Key(row: row, language: analyzer.language)
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let analysed = AnalyzedChunk(chunk, analyzer: analyzer, idf: idf)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = analysed
        }
        return analysed
    }

    /// Number of chunks cached now.
    public var count: Int { entries.withLock { $0.count } }
}
