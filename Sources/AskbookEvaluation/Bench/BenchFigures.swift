/// What `askbook bench` measures at one corpus size. Latencies are medians over runs of each run's percentile.
public struct BenchFigures: Codable, Sendable {
    public var chunks: Int
    public var dimension: Int
    public var markdownMB: Double
    /// Import through the store (parse, chunk, features, vectors, SQLite), median over runs.
    public var importSeconds: Double
    public var importMBPerSecond: Double
    public var importChunksPerSecond: Double
    /// Importing the first space again after one page in a hundred changed.
    public var reimportSeconds: Double
    /// Feature extraction (tokenise, stem, hash) on all cores, and vector building, without the store.
    public var featureChunksPerSecond: Double
    public var vectorChunksPerSecond: Double
    public var snapshotLoadSeconds: Double
    /// Scoring alone (`VectorIndex.scores`) with the query's non-zero buckets, and with the full product (`sgemv`).
    public var scoreP50Milliseconds: Double
    public var scoreP99Milliseconds: Double
    public var meanNonZeroBuckets: Double
    /// Bytes of matrix the sparse path reads per query (non-zero buckets × rows × 4) over its time.
    public var scoreReadGBPerSecond: Double
    public var denseScoreP50Milliseconds: Double
    public var denseScoreReadGBPerSecond: Double
    /// Retrieval (vectorise, score, top-k, BM25 rerank of the candidates), one query at a time and in sgemm batches.
    public var searchP50Milliseconds: Double
    public var searchP99Milliseconds: Double
    public var batchedSearchQueriesPerSecond: Double
    /// A whole answer (retrieve, compose, follow-ups), one at a time and from one task per core.
    public var askP50Milliseconds: Double
    public var askP99Milliseconds: Double
    public var concurrentAsksPerSecond: Double
    public var matrixMB: Double
    public var matrixBytesPerChunk: Double
    /// Bytes per chunk of the stored vectors, and of the whole database (content, features, vectors, indices).
    public var storedVectorBytesPerChunk: Double
    public var databaseBytesPerChunk: Double
    /// Resident memory after load over the chunk count.
    public var residentBytesPerChunk: Double
    /// Resident memory after loading the snapshot, and after the timed queries (with the sentence cache filled).
    public var residentAfterLoadMB: Double
    public var residentAfterQueriesMB: Double
    /// A plain SIMD sum over the whole matrix (`VectorIndex.streamingSum`): the memory-bandwidth ceiling of a scan.
    public var streamingReadGBPerSecond: Double
    /// Share of queries whose best row of the first space (≤ 100k chunks) is the same with the index's quantized
    /// vectors as with the exact Float32 product.
    public var agreementWithExactAt1: Double?
    public var baseline: BenchBaselineFigures?
}

/// FAISS `IndexFlatIP` and bm25s on what `bench` exported, from `Evaluation/baselines/vector_bench.py`.
public struct BenchBaselineFigures: Codable, Sendable {
    public var faissP50Milliseconds: Double
    public var faissP99Milliseconds: Double
    public var faissAllThreadsP50Milliseconds: Double
    public var faissThreads: Int
    public var faissBatchQueriesPerSecond: Double
    /// bm25s indexing the same chunk texts (tokenise and index), and its time over Askbook's import of the corpus:
    /// ≥ 1 when Askbook imports at least as fast as bm25s indexes.
    public var bm25sIndexSeconds: Double?
    public var importToBM25sIndexRatio: Double?
    public var bm25sP50Milliseconds: Double?
    public var bm25sP99Milliseconds: Double?
    /// Share of queries whose best row is the same for FAISS (the exact Float32 vectors) and Askbook's index.
    public var agreementAt1: Double
    /// Askbook's sparse scoring p50 ÷ FAISS single-thread p50.
    public var scoreRatio: Double
    /// Askbook's dense scoring p50 ÷ FAISS single-thread p50.
    public var denseScoreRatio: Double
    /// Askbook's search p50 (with rerank) ÷ FAISS single-thread p50, and ÷ bm25s p50.
    public var searchRatio: Double
    public var searchToBM25sRatio: Double?
}
