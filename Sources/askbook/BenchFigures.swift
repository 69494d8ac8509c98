/// What `askbook bench` measures at one corpus size. Latencies are medians over runs of each run's percentile.
struct BenchFigures: Codable {
    var chunks: Int
    var dimension: Int
    var markdownMB: Double
    /// Import through the store (parse, chunk, features, vectors, SQLite), median over runs.
    var importSeconds: Double
    var importMBPerSecond: Double
    var importChunksPerSecond: Double
    /// Feature extraction (tokenise, stem, hash) on all cores, and vector building, without the store.
    var featureChunksPerSecond: Double
    var vectorChunksPerSecond: Double
    var snapshotLoadSeconds: Double
    /// Scoring alone (`VectorIndex.scores`) with the query's non-zero buckets, and with the full product (`sgemv`).
    var scoreP50Milliseconds: Double
    var scoreP99Milliseconds: Double
    var meanNonZeroBuckets: Double
    /// Bytes of matrix the sparse path reads per query (non-zero buckets × rows × 4) over its time.
    var scoreReadGBPerSecond: Double
    var denseScoreP50Milliseconds: Double
    var denseScoreReadGBPerSecond: Double
    /// Retrieval (vectorise, score, top-k, BM25 rerank of the candidates), one query at a time and in sgemm batches.
    var searchP50Milliseconds: Double
    var searchP99Milliseconds: Double
    var batchedSearchQueriesPerSecond: Double
    /// A whole answer (retrieve, compose, follow-ups), one at a time and from one task per core.
    var askP50Milliseconds: Double
    var askP99Milliseconds: Double
    var concurrentAsksPerSecond: Double
    var matrixMB: Double
    var matrixBytesPerChunk: Double
    /// Resident memory after loading the snapshot, and after the timed queries (with the sentence cache filled).
    var residentAfterLoadMB: Double
    var residentAfterQueriesMB: Double
    /// A plain SIMD sum over the whole matrix (`VectorIndex.streamingSum`): the memory-bandwidth ceiling of a scan.
    var streamingReadGBPerSecond: Double
    var baseline: BenchBaselineFigures?
}

/// FAISS `IndexFlatIP` and bm25s on what `bench` exported, from `Evaluation/baselines/vector_bench.py`.
struct BenchBaselineFigures: Codable {
    var faissP50Milliseconds: Double
    var faissP99Milliseconds: Double
    var faissAllThreadsP50Milliseconds: Double
    var faissThreads: Int
    var faissBatchQueriesPerSecond: Double
    var bm25sP50Milliseconds: Double?
    var bm25sP99Milliseconds: Double?
    /// Share of queries whose best row is the same for FAISS and Askbook's vector scores.
    var agreementAt1: Double
    /// Askbook's sparse scoring p50 ÷ FAISS single-thread p50.
    var scoreRatio: Double
    /// Askbook's dense scoring p50 ÷ FAISS single-thread p50.
    var denseScoreRatio: Double
    /// Askbook's search p50 (with rerank) ÷ FAISS single-thread p50, and ÷ bm25s p50.
    var searchRatio: Double
    var searchToBM25sRatio: Double?
}
